// Frontend of browser_store.py (st.components.v2). Runs in the app page itself
// (no iframe), so window.localStorage is the app origin's storage.
//
// data = {k: localStorage key, v?: raw string | null, w?: 1}
//   no "v"  -> Python has not seen the browser's value yet: report it.
//   "v"     -> Python's value is authoritative: make localStorage match it
//              (setItem / removeItem), silently (no rerun).
//   w       -> one-shot writer instance: do not listen for other tabs.
// Reports go to Python as trigger "raw" = {raw: string|null, err: string|null}.
export default function ({ data, setTriggerValue }) {
  const k = data.k;
  const report = (err) => {
    let raw = null;
    try { raw = window.localStorage.getItem(k); } catch (e) { err = err || String(e); }
    setTriggerValue("raw", { raw, err: err || null });
  };

  if (!("v" in data)) {
    report(null);
  } else {
    try {
      if (data.v === null) window.localStorage.removeItem(k);
      else if (window.localStorage.getItem(k) !== data.v) window.localStorage.setItem(k, data.v);
    } catch (e) {
      report("localStorage write failed: " + e); // e.g. QuotaExceededError, storage blocked
    }
  }
  if (data.w) return;

  // Another tab changed our key -> tell Python (the "storage" event never fires in the writing tab).
  const onStorage = (ev) => { if (ev.key === k || ev.key === null) report(null); };
  window.addEventListener("storage", onStorage);
  return () => window.removeEventListener("storage", onStorage);
}
