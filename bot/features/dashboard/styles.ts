/**
 * The dashboard's stylesheet, inlined in each page (one request, no build step). Phone first:
 * one column, tables scroll sideways inside their own box; two columns (chart beside table)
 * from 60em. Colours keep 4.5:1 contrast or better, focus is a thick yellow outline as on
 * GOV.UK, and the print rules drop the controls and keep each chart with its table for a
 * governance meeting's papers.
 *
 * @example
 *   `<style>${DASHBOARD_CSS}</style>`
 */
export const DASHBOARD_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:1rem;line-height:1.45;color:#0b0c0c;background:#fff}
a{color:#1d70b8}a:visited{color:#4c2c92}
a:focus,button:focus,select:focus,input:focus,summary:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
.skip-text{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999em}.skip:focus{position:static;display:block;padding:.5em;background:#ffdd00;color:#0b0c0c}
header{background:#0b0c0c;color:#fff;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;justify-content:space-between}
header a{color:#fff}header a:visited{color:#fff}
header h1{font-size:1.25rem;margin:0}
main{max-width:80rem;margin:0 auto;padding:1rem}
h2{font-size:1.5rem;margin:2rem 0 .5rem;border-top:2px solid #1d70b8;padding-top:.75rem}
h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end;background:#f3f2f1;padding:1rem;border-left:5px solid #1d70b8}
form.filters label{display:block;font-weight:bold;margin-bottom:.25rem}
select,input,button{font:inherit;min-height:2.75rem;padding:.25rem .5rem;border:2px solid #0b0c0c;background:#fff;color:#0b0c0c}
button{background:#00703c;color:#fff;border-color:#00703c;font-weight:bold;cursor:pointer;padding:.25rem 1rem}
.notice{border-left:5px solid #d4351c;padding:.5rem 1rem;background:#fff;margin:1rem 0;font-weight:bold}
.summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;margin:1rem 0;padding:0;list-style:none}
.summary li{border:1px solid #b1b4b6;padding:.75rem}
.summary .n{display:block;font-size:1.75rem;font-weight:bold}
.pair>*{min-width:0}
.pair:not(.charted){max-width:46rem}
.pair{display:grid;grid-template-columns:1fr;gap:1rem;margin-bottom:1rem;break-inside:avoid;page-break-inside:avoid}
@media (min-width:60em){.pair.charted{grid-template-columns:minmax(0,1.1fr) minmax(0,1fr)}}
figure{margin:0}
svg.chart{width:100%;height:auto;max-width:640px;display:block}
.scroll{overflow-x:auto;max-width:100%}
.scroll:focus{outline:3px solid #ffdd00}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:bold;padding-bottom:.35rem}
th,td{border-bottom:1px solid #b1b4b6;padding:.4rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.nr{color:#505a5f;font-style:italic}
.csv{display:inline-block;margin-top:.35rem}
.muted{color:#505a5f}
footer{max-width:80rem;margin:2rem auto;padding:1rem;color:#505a5f;border-top:1px solid #b1b4b6}
@media print{
  header{background:#fff;color:#0b0c0c;border-bottom:2px solid #0b0c0c}header a{display:none}
  form.filters,.csv,.skip,.signout{display:none}
  main{max-width:none;padding:0}
  .pair.charted{grid-template-columns:1fr 1fr}
  a{color:#0b0c0c;text-decoration:none}
  h2{break-after:avoid;page-break-after:avoid}
  .scroll{overflow:visible}
}
`;
