#!/usr/bin/env python3
"""Checks the DOM of an `lstm report` page as headless Chromium left it after running its script
(`chromium --headless --dump-dom`), for Scripts/check-reports.sh. Standard library only.

Usage: check-report-dom.py DOM_FILE [REQUIRED_CHART_TITLE ...]
Fails (exit 1, one line per problem) unless: the page's script ran to its end (body data-report-ready equals
the number of charts), every <svg class="chart"> has marks in its series groups (a path with data, circles or
rects) and two non-empty axis titles and tick labels, and every required chart title is present."""
import sys
from html.parser import HTMLParser


class Chart:
    def __init__(self):
        self.title, self.marks, self.axis_titles, self.ticks = "", 0, [], 0


class ReportDOM(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ready, self.charts, self.stack, self.text_kind = None, [], [], None
        self.chart, self.in_series, self.in_title = None, 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "body":
            self.ready = a.get("data-report-ready")
        if tag == "svg" and "chart" in classes:
            self.chart = Chart()
            self.charts.append(self.chart)
        if self.chart is None:
            return
        if tag == "g" and "series" in classes:
            self.in_series += 1
        if self.in_series and ((tag == "path" and a.get("d")) or tag in ("circle", "rect")):
            self.chart.marks += 1
        if tag == "text":
            self.text_kind = "axis" if "axis-title" in classes else "tick" if "tick" in classes else None
        if tag == "title":
            self.in_title = True
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.chart is None:
            return
        if tag == "g" and self.in_series and "g" in self.stack:
            # series groups hold no nested groups, so the innermost open g closing ends the series
            self.in_series -= 1
        if tag == "svg":
            self.chart = None
        self.text_kind, self.in_title = None, False
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.chart is None:
            return
        if self.in_title:
            self.chart.title += data.strip()
        elif self.text_kind == "axis" and data.strip():
            self.chart.axis_titles.append(data.strip())
        elif self.text_kind == "tick" and data.strip():
            self.chart.ticks += 1


def main():
    dom = ReportDOM()
    dom.feed(open(sys.argv[1], encoding="utf-8").read())
    problems = []
    if not dom.charts:
        problems.append("no <svg class=\"chart\"> in the page")
    if dom.ready != str(len(dom.charts)):
        problems.append(f"the page script did not finish (body data-report-ready={dom.ready!r}, {len(dom.charts)} charts)")
    for chart in dom.charts:
        if chart.marks == 0:
            problems.append(f"chart '{chart.title}' has no marks (paths, circles, rects)")
        if len(chart.axis_titles) < 2:
            problems.append(f"chart '{chart.title}' has {len(chart.axis_titles)} axis titles, expected 2")
        if chart.ticks < 2:
            problems.append(f"chart '{chart.title}' has {chart.ticks} tick labels")
    titles = [c.title for c in dom.charts]
    for required in sys.argv[2:]:
        if required not in titles:
            problems.append(f"chart '{required}' is missing (charts: {', '.join(titles)})")
    for p in problems:
        print(f"{sys.argv[1]}: {p}")
    if not problems:
        print(f"{sys.argv[1]}: {len(dom.charts)} charts, each with marks and labelled axes: " + "; ".join(
            f"{c.title} ({c.marks} marks)" for c in dom.charts))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
