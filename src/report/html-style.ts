/** The report's stylesheet, inlined and allowed by its sha256 in the CSP. System fonts only: no web fonts, no requests. */
export const REPORT_CSS = String.raw`
:root{--fg:#1d232b;--muted:#5d6773;--bg:#fff;--panel:#f5f7f9;--line:#d8dee4;--accent:#0b5cad;
--critical:#8b0a1a;--high:#c9302c;--medium:#d98200;--low:#2f7fb5;--info:#7d8790;--pass:#2a8a3e;--unknown:#a77b00;--error:#7a3ea8}
@media (prefers-color-scheme:dark){:root{--fg:#e4e8ec;--muted:#9aa5b1;--bg:#15191e;--panel:#1e242b;--line:#333c46;--accent:#69a7ec}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1400px;margin:0 auto;padding:0 20px}
header{padding-top:16px}
h1{font-size:22px;margin:8px 0}
h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}
dl.run{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}
dl.run dt{color:var(--muted)}
dl.run dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
td{overflow-wrap:anywhere}
td.nowrap{white-space:nowrap;overflow-wrap:normal}
th{background:var(--panel);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:12px 32px}
figure.chart{margin:0}
figcaption{font-weight:600;margin-bottom:4px}
.chart-label,.chart-value{font-size:12px;fill:var(--fg)}
.bar{fill:var(--accent)}
.sev-critical{fill:var(--critical);background:var(--critical)}
.sev-high{fill:var(--high);background:var(--high)}
.sev-medium{fill:var(--medium);background:var(--medium)}
.sev-low{fill:var(--low);background:var(--low)}
.sev-info{fill:var(--info);background:var(--info)}
.st-FAIL{fill:var(--high);background:var(--high)}
.st-PASS{fill:var(--pass);background:var(--pass)}
.st-UNKNOWN{fill:var(--unknown);background:var(--unknown)}
.st-ERROR{fill:var(--error);background:var(--error)}
.badge{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px;line-height:18px;white-space:nowrap}
.badge.new{background:var(--accent)}
.badge.suppressed{background:var(--info)}
.cov-FAIL{color:var(--high);font-weight:600}
.cov-PASS{color:var(--pass);font-weight:600}
.cov-UNKNOWN{color:var(--unknown);font-weight:600}
.cov-none{color:var(--muted)}
.req-failed{color:var(--high);font-weight:600}
.req-passed{color:var(--pass);font-weight:600}
.req-partially-evidenced{color:var(--unknown);font-weight:600}
.req-not-evidenced{color:var(--muted)}
.compliance ul.failing{margin:4px 0 0;padding-left:18px}
.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:end;padding:10px;background:var(--panel);border:1px solid var(--line);border-radius:4px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
.filters select,.filters input{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:3px;padding:3px 6px;max-width:220px}
.filters input[type=search]{width:260px}
.tabs{margin:12px 0 8px;display:flex;gap:4px}
button{font:inherit;color:var(--fg);background:var(--panel);border:1px solid var(--line);border-radius:3px;padding:3px 10px;cursor:pointer}
button[aria-pressed=true],button[aria-selected=true]{background:var(--accent);color:#fff;border-color:var(--accent)}
th button.sort{background:none;border:0;padding:0;font-weight:600}
tbody tr.row{cursor:pointer}
tbody tr.row:hover,tbody tr.row:focus{background:var(--panel);outline:none}
.pager{display:flex;gap:8px;align-items:center;margin:8px 0}
.muted{color:var(--muted)}
.empty{color:var(--muted);font-style:italic}
details.rule{border:1px solid var(--line);border-radius:4px;margin:6px 0;padding:4px 10px}
details.rule summary{cursor:pointer;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
details.rule ul{margin:6px 0;padding-left:18px}
details.rule li button{background:none;border:0;color:var(--accent);text-align:left;padding:1px 0;overflow-wrap:anywhere}
aside#details{position:fixed;top:0;right:0;bottom:0;width:min(640px,100%);overflow:auto;background:var(--bg);border-left:2px solid var(--line);box-shadow:-4px 0 16px rgba(0,0,0,.2);padding:12px 18px;z-index:10}
aside#details pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--panel);padding:6px;border-radius:3px;max-height:320px;overflow:auto;margin:0}
aside#details dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}
aside#details dd{margin:0;overflow-wrap:anywhere}
.close{float:right}
`;
