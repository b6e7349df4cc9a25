// Frontend of chart_clicks.py (st.components.v2). Runs in the app page itself (no iframe), so it
// can reach the Plotly chart drawn under the key data.chart and listen to its "plotly_click".
//
// plotly_click reads the point under the pointer when the click or tap happens. Streamlit's
// on_select cannot be used for this: Plotly selects the point it hovered *before* the click,
// and a finger only hovers when it taps, so each tap selected the previous tap's point (or,
// on a freshly drawn chart, none).
// Reports go to Python as trigger "click" = {x, y}: the clicked point's data coordinates.
export default function ({ data, setTriggerValue }) {
  let gd = null;
  const report = (event) => {
    const p = (event && event.points || [])[0];
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) setTriggerValue("click", { x: p.x, y: p.y });
  };
  const detach = () => {
    if (gd && gd.removeListener) gd.removeListener("plotly_click", report);
    gd = null;
  };
  const attach = () => {  // the chart may be drawn after this runs, or drawn afresh into a new element
    const found = document.querySelector(`.st-key-${CSS.escape(data.chart)} .js-plotly-plot`);
    if (found === gd || !(found && typeof found.on === "function")) return;
    detach();
    gd = found;
    gd.on("plotly_click", report);
  };
  attach();
  const timer = setInterval(attach, 250);
  return () => {
    clearInterval(timer);
    detach();
  };
}
