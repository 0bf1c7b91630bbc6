"""What `make run` serves: the dashboard (dashboard.py) behind the guards in ui/."""

import streamlit as st
from starlette.middleware import Middleware

from ui.origin_guard import OriginGuard

app = st.App("dashboard.py", middleware=[Middleware(OriginGuard)])
