"""What `make run` serves: the dashboard (dashboard.py) behind the guards in ui/."""

import streamlit as st
from starlette.formparsers import MultiPartParser
from starlette.middleware import Middleware

from timeline.data.upload import MAX_UPLOAD_BYTES
from ui.malloc import return_large_blocks
from ui.network_guard import NetworkGuard
from ui.old_links import OldPageLinks
from ui.origin_guard import OriginGuard
from ui.warm_code import WarmFirstPage

# Starlette spools an uploaded part over 1 MB to the temp folder; an upload is held in memory
# anyway (Streamlit keeps its bytes), so it never needs to touch the disk.
MultiPartParser.spool_max_size = 2 * MAX_UPLOAD_BYTES
# Memory an upload took comes back to the system once it is freed.
return_large_blocks()

app = st.App(
    "dashboard.py",
    middleware=[
        Middleware(OldPageLinks),
        Middleware(OriginGuard),
        Middleware(NetworkGuard),
        Middleware(WarmFirstPage),
    ],
)
