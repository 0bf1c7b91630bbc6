// Reads a markwhen document on standard input with @markwhen/parser and prints, as JSON, each
// event's section, first line, ISO range and text lines, and the parser's messages.
// CommonJS, so that NODE_PATH finds the parser wherever npm put it.
const { parse } = require("@markwhen/parser");

const text = require("fs").readFileSync(0, "utf8");
const parsed = parse(text);
const events = [];
const walk = (node, section) => {
  if (node.children) {
    for (const child of node.children) walk(child, node.title || section);
    return;
  }
  events.push({
    section,
    title: node.firstLine.restTrimmed,
    from: node.dateRangeIso.fromDateTimeIso,
    to: node.dateRangeIso.toDateTimeIso,
    text: node.supplemental.filter((part) => part.raw).map((part) => part.raw),
    properties: node.properties,
  });
};
walk(parsed.events, "");
process.stdout.write(
  JSON.stringify({ header: parsed.header, events, messages: parsed.parseMessages })
);
