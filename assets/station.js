/* Floor's station page outside Flutter (assets/index.html loads it before Flutter starts). Two jobs:

   1. Documents stay in the page. Floor opens a label or slip PDF with window.open (Flet's launch_url);
      a new tab would take the bench: the scanner's next code would go to the PDF tab, and a tab in the
      background answers scans 20x slower. Here the PDF shows in a viewer inside the page instead, which
      never takes the keyboard (the frame ignores the pointer; Print and Close are our own buttons), and
      the next key closes it and still reaches Floor.

   2. Scans survive a lost connection. While Flet's websocket is down Flutter drops every key, so this
      script takes the keys itself: each Enter-terminated code gets its key here (a random id: the
      command key the services make idempotent), is kept in localStorage (a reload keeps it) with the
      station's order, the signed-in person and the screen, and a banner says "Offline" and how many
      scans wait. When the socket is open again they are POSTed in order to /station/offline-scans,
      which hands them to that station's session (app/station_scans.py); until the list is empty the
      keys keep coming here, so a fresh scan never overtakes a waiting one. See docs/ui.md.
*/
(() => {
  "use strict";
  const QUEUE = "floor.offline.scans";
  const SEQ = "floor.offline.seq";
  const PREFS = "flutter.";                       // Flutter's shared_preferences on the web: JSON values
  const CLIENT_ID = "floor.station.client_id";    // app/ui/station_link.py
  const USER = "floor.station.user";              // app/ui/shell.py: who is signed in (a user id) or absent
  const RETRY_MS = 1000;

  // ---- 1. documents in the page ------------------------------------------------------------------
  const nativeOpen = window.open.bind(window);
  let viewer = null;

  function isDocument(url) {
    try {
      const u = new URL(String(url), location.href);
      return u.origin === location.origin && /^\/print\/[0-9a-f]{32}\.pdf$/.test(u.pathname);
    } catch (e) {
      return false;
    }
  }

  function button(text, onPress, id) {
    const b = document.createElement("button");
    b.id = id;
    b.textContent = text;
    b.tabIndex = -1;
    b.style.cssText = "font:bold 28px 'DejaVu Sans',sans-serif;min-height:72px;padding:0 28px;border-radius:10px;" +
      "border:2px solid #fff;background:#0B3D91;color:#fff;cursor:pointer";
    b.addEventListener("mousedown", (e) => e.preventDefault());   // never take the keyboard's focus
    b.addEventListener("click", (e) => { e.preventDefault(); onPress(); });
    return b;
  }

  function showDocument(url) {
    closeDocument();
    // the button that opened it keeps the focus: a scanner's Enter would press it again and reopen this
    const pressed = document.activeElement;
    if (pressed && pressed !== document.body && pressed.closest && pressed.closest("flt-semantics-host")) {
      pressed.blur();
    }
    const shade = document.createElement("div");
    shade.id = "floor-document";
    shade.setAttribute("role", "dialog");
    shade.setAttribute("aria-label", "Label");
    shade.style.cssText = "position:fixed;inset:0;z-index:2147483000;background:rgba(17,17,17,.94);" +
      "display:flex;flex-direction:column;padding:24px;gap:16px";
    const bar = document.createElement("div");
    bar.style.cssText = "display:flex;gap:16px;align-items:center;color:#fff;" +
      "font:bold 30px 'DejaVu Sans',sans-serif";
    const words = document.createElement("span");
    words.textContent = "Print it, stick it on the box, then scan it: the scan closes this.";
    words.style.flex = "1";
    // a picture of the page (every browser shows it; a framed PDF needs the browser's PDF viewer)
    const picture = document.createElement("img");
    picture.id = "floor-document-picture";
    picture.alt = "Label";
    picture.src = url.replace(/\.pdf$/, ".png");   // url: absolute, same origin (isDocument)
    picture.dataset.pdf = url;
    picture.style.cssText = "flex:1;min-height:0;object-fit:contain;background:#fff;border-radius:10px;" +
      "pointer-events:none";
    bar.append(words, button("Print", () => printDocument(url), "floor-document-print"),
      button("Close", closeDocument, "floor-document-close"));
    shade.append(bar, picture);
    document.body.append(shade);
    viewer = shade;
  }

  function printDocument(url) {
    // the PDF itself, in a hidden frame, printed from there: the print dialog opens over this page
    const frame = document.createElement("iframe");
    frame.tabIndex = -1;
    frame.style.cssText = "position:fixed;width:0;height:0;border:0;left:-10px;top:-10px";
    frame.addEventListener("load", () => {
      try {
        frame.contentWindow.print();
      } catch (e) {
        nativeOpen(url, "_blank");            // no PDF viewer for frames here: the browser's own tab
      }
      giveFocusBack();
      setTimeout(() => frame.remove(), 60000);
    });
    frame.src = url;
    document.body.append(frame);
  }

  function giveFocusBack() {
    const active = document.activeElement;
    if (active && active.tagName === "IFRAME") active.blur();
    window.focus();
  }

  function closeDocument() {
    if (viewer) {
      viewer.remove();
      viewer = null;
      giveFocusBack();
    }
  }

  window.open = function (url, target, features) {
    if (isDocument(url)) {
      showDocument(new URL(String(url), location.href).href);
      return null;
    }
    return nativeOpen(url, target, features);
  };
  window.floorDocuments = { show: showDocument, close: closeDocument, isOpen: () => viewer !== null };

  // ---- 2. scans kept while the link is down --------------------------------------------------------
  let socket = null;       // Flet's websocket (the newest one)
  let open = false;        // it is open now
  let sending = false;
  let typed = "";          // keys of the code being typed while we hold the keyboard
  let lastAnswer = "";

  function pref(name) {
    const raw = localStorage.getItem(PREFS + name);
    if (raw === null) return null;
    try { return JSON.parse(raw); } catch (e) { return raw; }
  }

  function waiting() {
    try { return JSON.parse(localStorage.getItem(QUEUE)) || []; } catch (e) { return []; }
  }

  function keep(list) {
    localStorage.setItem(QUEUE, JSON.stringify(list));
    render();
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  const linkUp = () => open && navigator.onLine;
  const holding = () => !linkUp() || waiting().length > 0 || sending;

  const Native = window.WebSocket;
  class StationSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (/\/ws(\?|$)/.test(new URL(String(url), location.href).pathname + "?")) {
        socket = this;
        this.addEventListener("open", () => { if (socket === this) { open = true; render(); send(); } });
        this.addEventListener("close", () => { if (socket === this) { open = false; render(); } });
      }
    }
  }
  window.WebSocket = StationSocket;
  window.addEventListener("online", () => { render(); send(); });
  window.addEventListener("offline", render);

  function onKey(e) {
    if (viewer && !["Shift", "Control", "Alt", "Meta"].includes(e.key)) closeDocument();
    // the code being typed is followed even while Flutter takes the keys: a link that drops in the middle
    // of a scan keeps the scan whole here (Flutter's half of it is dropped by the wedge as stray keys)
    const hold = holding();
    if (hold) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
    if (e.key === "Enter") {
      const code = typed.trim().toUpperCase();   // as Flet's key labels give it (app/ui/scan/wedge.py)
      typed = "";
      if (hold && code) take(code);
    } else if (e.key === "Backspace") {
      typed = typed.slice(0, -1);
    } else if (e.key === "Escape") {
      typed = "";
    } else if (e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey && typed.length < 200) {
      typed += e.key;
    }
  }
  window.addEventListener("keydown", onKey, true);
  window.addEventListener("keyup", (e) => { if (holding()) { e.preventDefault(); e.stopImmediatePropagation(); } }, true);

  function take(code) {
    const seq = (parseInt(localStorage.getItem(SEQ) || "0", 10) || 0) + 1;
    localStorage.setItem(SEQ, String(seq));
    const user = pref(USER);
    keep([...waiting(), { key: newKey(), seq, code, at: new Date().toISOString(), path: location.pathname,
                          user: user === null || user === "" ? null : Number(user) }]);
    send();
  }

  async function send() {
    if (sending || !linkUp()) return;
    const list = waiting();
    if (!list.length) return;
    sending = true;
    render();
    let again = false;
    try {
      const answer = await fetch("/station/offline-scans", {
        method: "POST", headers: { "Content-Type": "application/json" }, cache: "no-store",
        body: JSON.stringify({ client_id: pref(CLIENT_ID), scans: list }),
      });
      if (answer.ok) {
        const sent = new Set(list.map((s) => s.key));
        keep(waiting().filter((s) => !sent.has(s.key)));
        const body = await answer.json();
        lastAnswer = body.waiting_for_login ? body.message : "";
        again = waiting().length > 0;
      } else {
        again = true;           // the station's session is not back yet (409), or the server is busy
      }
    } catch (e) {
      again = true;
    } finally {
      sending = false;
      render();
    }
    if (again) setTimeout(send, RETRY_MS);
  }

  // ---- the banner --------------------------------------------------------------------------------
  let banner = null;
  function render() {
    if (!document.body) return;
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "floor-offline";
      banner.setAttribute("role", "status");
      banner.setAttribute("aria-live", "polite");
      banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483001;padding:18px 24px;" +
        "font:bold 32px 'DejaVu Sans',sans-serif;color:#fff;background:#8A4B00;display:none";
      document.body.append(banner);
    }
    const n = waiting().length;
    const scans = n === 1 ? "1 scan waits" : `${n} scans wait`;
    let text = "";
    if (!linkUp()) {
      text = `Offline: keep scanning. ${scans} for the connection.`;
      banner.style.background = "#8A4B00";
    } else if (n || sending) {
      text = `Connection back: sending ${scans === "1 scan waits" ? "1 scan" : `${n} scans`}...`;
      banner.style.background = "#0B3D91";
    }
    banner.textContent = text;
    banner.dataset.waiting = String(n);
    banner.style.display = text ? "block" : "none";
  }
  window.floorOffline = { waiting: () => waiting().length, holding, lastAnswer: () => lastAnswer };
  document.addEventListener("DOMContentLoaded", () => { render(); send(); });
})();
