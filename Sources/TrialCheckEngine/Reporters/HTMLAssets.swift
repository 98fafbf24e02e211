import Crypto
import Foundation

/// The fixed parts of the HTML report: its style sheet, its one script, the SVG patterns
/// every chart shares, and the content security policy that pins them.
///
/// Everything is inline, so the report is one file that opens from an email with no
/// network. The policy allows exactly this style sheet and this script (by hash), so a
/// report cannot load or run anything else even if a value slipped past escaping.
enum HTMLAssets {
    /// The `Content-Security-Policy` of the report.
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src '\(hash(styleSheet))'; script-src '\(hash(script))'; "
            + "img-src data:; base-uri 'none'; form-action 'none'"
    }

    /// `sha256-<base64>` of `text`, as a CSP source.
    private static func hash(_ text: String) -> String {
        "sha256-" + Data(SHA256.hash(data: Array(text.utf8))).base64EncodedString()
    }

    /// Patterns shared by the charts, in an SVG that takes no room. Fills that differ in
    /// texture as well as colour, so they stay apart when printed in black and white:
    /// deviation solid, indeterminate striped, not evaluable dotted, windows hatched.
    static let patternDefinitions = """
        <svg class="defs" width="0" height="0" aria-hidden="true" focusable="false">
        <defs>
        <pattern id="fill-indeterminate" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#f0b44c"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a4b00" stroke-width="2.4"/>
        </pattern>
        <pattern id="fill-not-evaluable" width="5" height="5" patternUnits="userSpaceOnUse">
        <rect width="5" height="5" fill="#dcd9ea"/><circle cx="2.5" cy="2.5" r="1.2" fill="#4f4a78"/>
        </pattern>
        <pattern id="fill-window" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
        <rect width="8" height="8" fill="#e3f1ec"/><line x1="0" y1="0" x2="0" y2="8" stroke="#a9d3c5" stroke-width="1.5"/>
        </pattern>
        </defs>
        </svg>
        """

    /// The style sheet: screen first, then A4 print.
    static let styleSheet = """
        :root {
          color-scheme: light;
          --ink: #1b2430; --muted: #5b6573; --faint: #8a93a0; --rule: #d8dde4; --rule-soft: #e9ecf0;
          --paper: #ffffff; --canvas: #eef1f4; --head: #f3f5f8; --accent: #1f4e79;
          --deviation: #b3261e; --deviation-soft: #fbeceb; --deviation-line: #e4b1ad;
          --indeterminate: #8a4b00; --indeterminate-soft: #fff3df; --indeterminate-line: #ecc88f;
          --not-evaluable: #4f4a78; --not-evaluable-soft: #efedf6; --not-evaluable-line: #c9c4de;
          --window: #2f7d6d; --ok: #2e6b4f;
          --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
          --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
        }
        * { box-sizing: border-box; }
        html { font-size: 15px; -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--canvas); color: var(--ink); font-family: var(--sans);
          line-height: 1.45; font-variant-numeric: tabular-nums; }
        .page { max-width: 1200px; margin: 0 auto; padding: 32px 40px 40px; background: var(--paper);
          box-shadow: 0 0 0 1px var(--rule); }
        svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
        a { color: var(--accent); }
        code, .mono { font-family: var(--mono); font-size: 0.86em; }
        h1, h2, h3 { line-height: 1.2; }
        h2 { font-size: 1.22rem; font-weight: 650; margin: 36px 0 14px; padding-bottom: 6px;
          border-bottom: 1px solid var(--rule); }
        h2 .count { font-weight: 500; color: var(--muted); font-size: 0.95rem; }
        h3 { font-size: 1.08rem; margin: 0; }
        p { margin: 0 0 10px; }
        .muted { color: var(--muted); }
        .small { font-size: 0.86rem; }

        header.report { border-bottom: 3px solid var(--accent); padding-bottom: 18px; }
        .eyebrow { margin: 0 0 6px; color: var(--accent); font-size: 0.76rem; font-weight: 650;
          letter-spacing: 0.09em; text-transform: uppercase; }
        h1 { margin: 0 0 4px; font-size: 1.75rem; font-weight: 700; letter-spacing: -0.01em; }
        .title { margin: 0 0 16px; color: #364152; font-size: 1.08rem; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 0; font-size: 0.88rem; }
        dl.meta dt { color: var(--muted); }
        dl.meta dd { margin: 0; }
        dl.meta ul { margin: 0; padding: 0; list-style: none; }
        .headline { margin: 18px 0 0; padding: 10px 14px; border-left: 4px solid var(--accent);
          background: var(--head); font-size: 1rem; }
        .headline.has-deviations { border-left-color: var(--deviation); }
        .headline strong { font-weight: 650; }

        nav.contents { margin: 14px 0 0; font-size: 0.86rem; }
        nav.contents ol { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; padding: 0; list-style: none; }
        nav.contents a { text-decoration: none; }
        nav.contents a:hover { text-decoration: underline; }

        .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 0 0 14px; }
        .tile { padding: 10px 14px 12px; border: 1px solid var(--rule); border-top: 4px solid #9aa5b4; border-radius: 3px; }
        .tile .value { display: block; font-size: 1.9rem; font-weight: 700; line-height: 1.15; }
        .tile .label { display: block; color: var(--muted); font-size: 0.76rem; font-weight: 600;
          letter-spacing: 0.05em; text-transform: uppercase; }
        .tile .note { display: block; margin-top: 2px; color: var(--muted); font-size: 0.82rem; }
        .tile.deviation { border-top-color: var(--deviation); }
        .tile.deviation .value { color: var(--deviation); }
        .tile.indeterminate { border-top-color: #d9912a; }
        .tile.indeterminate .value { color: var(--indeterminate); }
        .tile.not-evaluable { border-top-color: #7d77a8; }
        .tile.not-evaluable .value { color: var(--not-evaluable); }
        .tile.rejected.some { border-top-color: var(--deviation); }
        .tile.waived, .tile.new { border-top-color: var(--accent); }
        .severity-split { display: flex; gap: 14px; margin: 4px 0 0; font-size: 0.82rem; }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 6px 0 4px; padding: 0; list-style: none;
          color: #364152; font-size: 0.84rem; }
        .legend li { display: flex; align-items: baseline; gap: 6px; }
        .legend svg { flex: none; align-self: center; }
        dl.verdicts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 8px 0 0; font-size: 0.86rem; }
        dl.verdicts dt { white-space: nowrap; }
        dl.verdicts dd { margin: 0; color: #364152; }

        figure { margin: 0; }
        figure.chart svg.findings-chart { display: block; width: 100%; max-width: 880px; height: auto; }
        figcaption { color: var(--muted); font-size: 0.84rem; margin: 4px 0 10px; }

        table { width: 100%; border-collapse: collapse; font-size: 0.87rem; }
        th, td { padding: 6px 8px; border-bottom: 1px solid var(--rule-soft); text-align: left; vertical-align: top; }
        thead th { background: var(--head); border-bottom: 1px solid var(--rule); color: #364152; font-size: 0.74rem;
          font-weight: 650; letter-spacing: 0.04em; text-transform: uppercase; white-space: nowrap; }
        tbody tr:hover { background: #f8f9fb; }
        td.num, th.num { text-align: right; }
        td.zero { color: var(--faint); }
        td.nowrap, td code, th code { white-space: nowrap; }
        td.message { min-width: 18em; }
        .table-wrap { overflow-x: auto; }
        tr[hidden] { display: none; }
        th .sort { cursor: pointer; user-select: none; }
        th .sort:hover { color: var(--accent); }
        th .sort::after { content: " \\2195"; color: var(--faint); }
        th[aria-sort="ascending"] .sort::after { content: " \\25B2"; color: var(--ink); }
        th[aria-sort="descending"] .sort::after { content: " \\25BC"; color: var(--ink); }
        th .sort:focus-visible, .filters input:focus-visible, .filters select:focus-visible {
          outline: 2px solid var(--accent); outline-offset: 2px; }

        .filters { display: flex; flex-wrap: wrap; align-items: end; gap: 10px 18px; margin: 0 0 10px; padding: 10px 12px;
          border: 1px solid var(--rule); border-radius: 3px; background: var(--head); font-size: 0.84rem; }
        .filters[hidden] { display: none; }
        .filters label { display: flex; flex-direction: column; gap: 3px; color: var(--muted); font-weight: 600; }
        .filters input, .filters select { min-width: 12em; padding: 5px 8px; border: 1px solid #b9c1cc; border-radius: 3px;
          background: #fff; color: var(--ink); font: inherit; font-weight: 400; }
        .filters input { min-width: 20em; }
        .filters output { margin-left: auto; color: var(--muted); }

        .badge { display: inline-block; padding: 1px 7px; border: 1px solid; border-radius: 3px; font-size: 0.74rem;
          font-weight: 650; letter-spacing: 0.02em; white-space: nowrap; }
        .badge.deviation { border-color: var(--deviation-line); background: var(--deviation-soft); color: var(--deviation); }
        .badge.indeterminate { border-color: var(--indeterminate-line); background: var(--indeterminate-soft); color: var(--indeterminate); }
        .badge.not-evaluable { border-color: var(--not-evaluable-line); background: var(--not-evaluable-soft); color: var(--not-evaluable); }
        .badge.applied { border-color: #a8cbb9; background: #eaf5ef; color: var(--ok); }
        .badge.expired { border-color: var(--deviation-line); background: var(--deviation-soft); color: var(--deviation); }
        .badge.unmatched { border-color: var(--rule); background: var(--head); color: var(--muted); }
        .tag { display: inline-block; margin-left: 4px; padding: 0 5px; border: 1px dashed; border-radius: 3px;
          font-size: 0.7rem; font-weight: 650; letter-spacing: 0.04em; text-transform: uppercase; white-space: nowrap; }
        .tag.waived { border-color: #6f8fb0; color: var(--accent); }
        .tag.new { border-style: solid; border-color: var(--ink); background: var(--ink); color: #fff; }
        .tag.unchanged { border-style: dotted; }
        .severity { font-size: 0.8rem; font-weight: 600; letter-spacing: 0.03em; text-transform: uppercase; }
        .severity.major { color: var(--ink); }
        .severity.minor { color: var(--muted); }

        section.patient { margin: 26px 0 0; padding: 18px 0 0; border-top: 2px solid var(--rule); }
        .patient-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; margin: 0 0 10px; }
        .patient-head h3 { font-size: 1.15rem; }
        .patient-head .facts { color: var(--muted); font-size: 0.88rem; }
        .patient-head .back { margin-left: auto; font-size: 0.8rem; }
        figure.timeline { margin: 4px 0 14px; }
        figure.timeline svg { display: block; width: 100%; height: auto; }
        ol.findings { margin: 0; padding: 0; list-style: none; }
        ol.findings > li { margin: 0 0 10px; padding: 10px 14px; border: 1px solid var(--rule); border-left: 4px solid #9aa5b4;
          border-radius: 3px; break-inside: avoid; }
        ol.findings > li.deviation { border-left-color: var(--deviation); }
        ol.findings > li.indeterminate { border-left-color: #d9912a; border-left-style: dashed; }
        ol.findings > li.not-evaluable { border-left-color: #7d77a8; border-left-style: dotted; }
        .finding-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; margin: 0 0 4px; }
        .finding-head .criterion { color: var(--muted); font-size: 0.86rem; }
        .finding-message { margin: 0 0 6px; font-weight: 500; }
        .waiver-note { margin: 0 0 6px; padding: 4px 8px; border-left: 3px solid #6f8fb0; background: #f1f5fa; font-size: 0.86rem; }
        ul.evidence { margin: 0; padding: 0 0 0 18px; color: #364152; font-size: 0.86rem; }
        ul.evidence li { margin: 1px 0; }
        ul.evidence .value { font-weight: 600; color: var(--ink); }
        ul.evidence .where { color: var(--faint); font-family: var(--mono); font-size: 0.8rem; }
        ul.plain { margin: 0; padding-left: 20px; }
        ul.plain li { margin: 3px 0; }
        .empty { color: var(--muted); font-style: italic; }

        footer.report { margin: 40px 0 0; padding: 12px 0 0; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.8rem; }

        svg text { font-family: var(--sans); }
        .chart-label { font-size: 12px; fill: var(--ink); }
        .chart-sub { font-size: 10.5px; fill: var(--muted); }
        .chart-value { font-size: 11px; fill: var(--ink); font-weight: 600; }
        .chart-grid { stroke: var(--rule-soft); stroke-width: 1; }
        .chart-axis { stroke: #9aa5b4; stroke-width: 1; }
        .chart-tick { font-size: 10px; fill: var(--muted); }
        .fill-deviation { fill: var(--deviation); }
        .fill-indeterminate { fill: url(#fill-indeterminate); }
        .fill-not-evaluable { fill: url(#fill-not-evaluable); }
        .seg { stroke: #fff; stroke-width: 1; }
        figure.chart svg.funnel { display: block; width: 100%; max-width: 640px; height: auto; }
        .funnel-95 { fill: none; stroke: #8a93a0; stroke-width: 1.2; stroke-dasharray: 4 3; }
        .funnel-998 { fill: none; stroke: #5b6573; stroke-width: 1.2; }
        .funnel-rate { stroke: var(--muted); stroke-width: 1; }
        .funnel-threshold { stroke: var(--deviation); stroke-width: 1.6; }
        .funnel-label { font-size: 10px; fill: var(--deviation); font-weight: 600; }
        .funnel-site { stroke: #fff; stroke-width: 1.2; }
        .funnel-site.inside { fill: #2f6db5; }
        .funnel-site.outside { fill: #b86e00; }
        .funnel-site.breached { fill: var(--deviation); }
        ul.breaches { padding-left: 1.2em; }

        .tl-bg { fill: #fbfcfd; }
        .tl-lane-alt { fill: #f4f6f9; }
        .tl-lane-label { font-size: 11px; font-weight: 600; fill: #364152; }
        .tl-grid { stroke: #e3e7ec; stroke-width: 1; }
        .tl-grid.year { stroke: #b9c1cc; }
        .tl-month { font-size: 10px; fill: var(--muted); }
        .tl-year { font-size: 10px; font-weight: 700; fill: #364152; }
        .tl-bar { fill: #dbe4f0; }
        .tl-outline { fill: none; stroke: #4a6a94; stroke-width: 1; }
        .tl-bar.radiotherapy { fill: #d8ebe6; }
        .tl-outline.radiotherapy { stroke: #2f6b5f; }
        .tl-bar.administration { fill: #e5e0f0; }
        .tl-outline.administration { stroke: #5a4b86; }
        .tl-bar.adverse-event { fill: #f6e3d3; }
        .tl-outline.adverse-event { stroke: #8a5a2b; }
        .tl-bar.condition { fill: #eceef1; }
        .tl-outline.condition { stroke: #7a8491; }
        .tl-bar-label { font-size: 10px; fill: var(--ink); }
        .tl-more { font-size: 10px; font-weight: 700; fill: #364152; }
        .tl-point { fill: #364152; stroke: #fff; stroke-width: 1; }
        .tl-point.administration { fill: #5a4b86; }
        .tl-point.diagnosis { fill: #1b2430; }
        .tl-point-label { font-size: 10px; fill: #364152; }
        .tl-series { stroke: #b7b0d0; stroke-width: 1; }
        .tl-window { fill: url(#fill-window); opacity: 0.9; }
        .tl-window-edge { stroke: var(--window); stroke-width: 1.2; stroke-dasharray: 4 3; }
        .tl-window-label { font-size: 10.5px; font-weight: 650; fill: #1f5f52; }
        .tl-enrol { stroke: var(--accent); stroke-width: 2; }
        .tl-enrol-span { fill: var(--accent); opacity: 0.16; }
        .tl-enrol.violation { stroke: var(--deviation); stroke-width: 2.4; }
        .tl-enrol-label { font-size: 10.5px; font-weight: 700; fill: var(--accent); }
        .tl-enrol-label.violation { fill: var(--deviation); }
        .tl-gap { stroke: var(--deviation); stroke-width: 1.6; }
        .tl-gap.indeterminate { stroke: var(--indeterminate); stroke-dasharray: 3 2; }
        .tl-gap-label { font-size: 10.5px; font-weight: 700; fill: var(--deviation); }
        .tl-gap-label.indeterminate { fill: var(--indeterminate); }
        .tl-flag { stroke: #364152; stroke-width: 0.8; }
        .tl-flag-label { font-size: 10px; font-weight: 650; fill: var(--ink); }
        .tl-halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        .tl-off { fill: none; stroke: var(--deviation); stroke-width: 2.2; }
        .tl-off.indeterminate { stroke: var(--indeterminate); stroke-dasharray: 3 2; }
        .tl-limit { stroke: var(--deviation); stroke-width: 2; }
        .tl-limit.indeterminate { stroke: var(--indeterminate); stroke-dasharray: 4 2; }
        .tl-span { stroke: var(--deviation); stroke-width: 2; }
        .tl-span.indeterminate { stroke: var(--indeterminate); }
        .tl-span-label { font-size: 10px; font-weight: 700; fill: var(--deviation); }
        .tl-span-label.indeterminate { fill: var(--indeterminate); }
        table.sites td, table.sites th { white-space: nowrap; }
        ul.drill li { margin: 2px 0; }
        p.note { border-left: 3px solid var(--deviation-line); padding: 6px 10px; background: var(--deviation-soft); }

        /* Phones: tables become cards, timelines keep a readable scale and scroll sideways. */
        @media (max-width: 640px) {
          html { font-size: 15px; }
          .page { padding: 16px 12px 24px; }
          .tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); }
          table.findings, table.findings tbody, table.findings tr, table.findings td,
          table.checks, table.checks tbody, table.checks tr, table.checks td, table.checks th,
          table.sites, table.sites tbody, table.sites tr, table.sites td, table.sites th { display: block; width: auto; }
          table.findings thead, table.sites thead, table.checks thead { display: none; }
          table.findings tr, table.sites tr, table.checks tr { border: 1px solid var(--rule); border-radius: 6px; margin: 0 0 10px; padding: 6px 8px; }
          table.findings td, table.sites td, table.checks td { border: 0; padding: 2px 0; white-space: normal; }
          table.checks td.num { display: inline-block; margin-right: 10px; }
          table.findings td[data-label]::before, table.sites td[data-label]::before, table.checks td[data-label]::before {
            content: attr(data-label) ": "; font-weight: 600; color: var(--muted); }
          table.findings td.message { min-width: 0; }
          table.limits, table.limits tbody, table.limits tr, table.limits td, table.limits th,
          table.indicators, table.indicators tbody, table.indicators tr, table.indicators td, table.indicators th { display: block; width: auto; }
          table.limits thead, table.indicators thead { display: none; }
          table.limits tr, table.indicators tr { border: 1px solid var(--rule); border-radius: 6px; margin: 0 0 10px; padding: 6px 8px; }
          table.limits td, table.indicators td { border: 0; padding: 2px 0; white-space: normal; text-align: left; }
          table.limits td[data-label]::before, table.indicators td[data-label]::before {
            content: attr(data-label) ": "; font-weight: 600; color: var(--muted); }
          figure.timeline { overflow-x: auto; -webkit-overflow-scrolling: touch; }
          figure.timeline svg { width: 720px; max-width: none; }
          .filters { flex-direction: column; align-items: stretch; }
          .patient-head { flex-direction: column; }
        }

        @page { size: A4; margin: 14mm 12mm 16mm; }
        @media print {
          html { font-size: 9.5pt; }
          body { background: #fff; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          .page { max-width: none; padding: 0; box-shadow: none; }
          nav.contents, .filters, .back, .no-print { display: none !important; }
          th .sort::after { content: none; }
          thead { display: table-header-group; }
          thead th { background: #fff; border-bottom: 1.5px solid var(--ink); }
          tr, li, figure { break-inside: avoid; }
          h2 { break-after: avoid; }
          a { color: inherit; text-decoration: none; }
          tbody tr:hover { background: none; }
          .tile { border-top-width: 3px; }
          .badge { background: #fff !important; }
          .badge.deviation { border-width: 1.5px; }
          .badge.indeterminate { border-style: dashed; }
          .badge.not-evaluable { border-style: dotted; }
          #checks, #patients { break-before: page; }
          #checks h2 { margin-top: 0; }
          #patients h2 { margin-top: 0; }
          section.patient ~ section.patient { break-before: page; margin: 0; border-top: 0; }
          table.findings { font-size: 8pt; }
          table.findings th, table.findings td { padding: 4px 5px; }
          table.findings td.message { width: 34%; }
          table.findings td code, table.findings td.mono { white-space: normal; }
          .table-wrap { overflow: visible; }
          td.message { min-width: 0; }
        }
        """

    /// Sorting and filtering of the findings table. Without it the table reads the same,
    /// unsorted and unfiltered; the filter controls stay hidden.
    static let script = """
        (function () {
          "use strict";
          var table = document.getElementById("findings-table");
          var bar = document.getElementById("filters");
          if (!table || !bar || !table.tBodies.length) { return; }
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          var text = document.getElementById("filter-text");
          var status = document.getElementById("filter-status");
          var severity = document.getElementById("filter-severity");
          var count = document.getElementById("filter-count");
          rows.forEach(function (row, index) { row.setAttribute("data-order", String(index)); });
          bar.hidden = false;

          function apply() {
            var query = text.value.trim().toLowerCase();
            var shown = 0;
            rows.forEach(function (row) {
              var marks = " " + row.getAttribute("data-status") + " ";
              var visible = (query === "" || row.textContent.toLowerCase().indexOf(query) !== -1)
                && (status.value === "" || marks.indexOf(" " + status.value + " ") !== -1)
                && (severity.value === "" || row.getAttribute("data-severity") === severity.value);
              row.hidden = !visible;
              if (visible) { shown += 1; }
            });
            count.textContent = shown + " of " + rows.length + " findings shown";
          }
          [text, status, severity].forEach(function (control) {
            control.addEventListener("input", apply);
            control.addEventListener("change", apply);
          });

          var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
          headers.forEach(function (header, column) {
            // A span, not a button: Chrome does not repeat a printed table header that holds form controls.
            var control = document.createElement("span");
            control.className = "sort";
            control.setAttribute("role", "button");
            control.setAttribute("tabindex", "0");
            control.textContent = header.textContent;
            header.textContent = "";
            header.appendChild(control);
            function sort() {
              var ascending = header.getAttribute("aria-sort") !== "ascending";
              headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
              header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
              var key = function (row) {
                var cell = row.cells[column];
                return cell.getAttribute("data-sort") || cell.textContent.trim();
              };
              rows.slice().sort(function (a, b) {
                var order = key(a).localeCompare(key(b), "en", { numeric: true, sensitivity: "base" });
                if (order === 0) {
                  return Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
                }
                return ascending ? order : -order;
              }).forEach(function (row) { body.appendChild(row); });
            }
            control.addEventListener("click", sort);
            control.addEventListener("keydown", function (event) {
              if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                sort();
              }
            });
          });
          apply();
        })();
        """
}
