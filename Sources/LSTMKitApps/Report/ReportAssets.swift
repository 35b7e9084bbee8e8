import Plot

/// The style sheet and the script of a report page: plain CSS and JavaScript, inline (a report opens from
/// disk with no network). The script shows a tooltip with the values of the point or bar under the mouse,
/// shows or hides a series when its legend entry is clicked, and marks the page ready
/// (`body[data-report-ready]` = the number of charts) once it has run, which `Scripts/check-reports.sh` checks.
enum ReportAssets {
    /// The page's <title>, escaped. (Plot's `.title` also writes social-sharing <meta> tags whose content
    /// attribute it does not escape: a run directory with a quote in its name would break the head.)
    static func title(_ text: String) -> Node<HTML.HeadContext> { .element(named: "title", text: text) }

    static let css = """
    body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 980px; color: #222; padding: 0 16px; }
    h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; }
    p.note { color: #555; margin: 4px 0 8px; }
    svg.chart { display: block; max-width: 100%; height: auto; margin: 8px 0 4px; background: #fff; border: 1px solid #eee; }
    svg.chart .line { fill: none; stroke-width: 1.6; }
    svg.chart .point { opacity: 0.75; } svg.chart .point:hover, svg.chart .bar:hover { opacity: 1; stroke: #000; }
    svg.chart .grid { stroke: #eee; } svg.chart .axis, svg.chart .tickmark { stroke: #444; }
    svg.chart text { font-size: 11px; fill: #333; }
    svg.chart .tick.y { text-anchor: end; dominant-baseline: middle; } svg.chart .tick.x { text-anchor: middle; }
    svg.chart .tick.x.rotated { text-anchor: end; }
    svg.chart .axis-title { font-size: 12px; font-weight: 600; text-anchor: middle; }
    svg.chart .legend { cursor: pointer; } svg.chart .legend.off { opacity: 0.35; }
    svg.chart .bar { fill: #1f77b4; opacity: 0.85; }
    table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
    table.confusion td { text-align: right; min-width: 2.5em; } table.confusion th { background: #f6f6f6; }
    div.map { overflow-x: auto; margin: 8px 0; }
    pre.sample { background: #f7f7f7; padding: 10px; white-space: pre-wrap; border: 1px solid #eee; }
    #tooltip { position: absolute; display: none; background: rgba(20,20,20,0.88); color: #fff; padding: 3px 7px; border-radius: 3px; font-size: 12px; pointer-events: none; }
    """

    static let script = """
    (function () {
      var tip = document.getElementById('tooltip');
      document.querySelectorAll('svg.chart [data-tip]').forEach(function (mark) {
        mark.addEventListener('mouseenter', function () { tip.textContent = mark.getAttribute('data-tip'); tip.style.display = 'block'; });
        mark.addEventListener('mousemove', function (e) { tip.style.left = (e.pageX + 12) + 'px'; tip.style.top = (e.pageY + 12) + 'px'; });
        mark.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
      });
      document.querySelectorAll('svg.chart g.legend').forEach(function (entry) {
        entry.addEventListener('click', function () {
          var id = entry.getAttribute('data-series');
          var series = entry.ownerSVGElement.querySelector('g.series[data-series="' + id + '"]');
          var hidden = series.style.display === 'none';
          series.style.display = hidden ? '' : 'none';
          entry.classList.toggle('off', !hidden);
        });
      });
      document.body.setAttribute('data-report-ready', String(document.querySelectorAll('svg.chart').length));
    })();
    """
}
