/*!
 * ClosedLoop chat widget. Vanilla JavaScript, no dependencies, MIT licence.
 *
 * Embed with one tag (attributes other than data-bot-url are optional):
 *   <script src="https://feedback.example.com/widget.js" defer
 *           data-bot-url="https://bot.example.com" data-title="Acme help"
 *           data-primary-color="#0b5394" data-language="en"
 *           data-customer-id="c-42" data-campaign="spring"></script>
 *
 * It talks to Rasa's REST channel (POST {bot}/webhooks/rest/webhook) and passes the customer
 * id, campaign, language and channel as message metadata. Content-Security-Policy friendly:
 * no eval, no inline scripts, styles or event handlers; its stylesheet (widget.css) is loaded
 * from the same place as this script, inside a shadow root so the page's CSS and the
 * widget's never mix. The conversation (session id and messages) is kept in localStorage.
 */
(function () {
  "use strict";

  var script = document.currentScript || findOwnScript();
  if (!script || window.ClosedLoopWidget) return; // one widget per page

  var RTL = ["ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"];
  var MAX_STORED = 100;
  var TIMEOUT_MS = 30000;
  var STRINGS = {
    en: {
      title: "Chat with us",
      open: "Open chat", close: "Close chat", placeholder: "Type a message…", send: "Send",
      input: "Message", typing: "The assistant is typing", you: "You", bot: "Assistant",
      offline: "We couldn't reach the assistant. Check your connection and try again.",
      retry: "Retry", notSent: "Not sent", replies: "Quick replies", log: "Conversation",
      greeting: "Hi! How can I help you today?", track: "Track an order",
      returns: "Returns and refunds", human: "Talk to a person", rate: "Rate us",
      scaleLow: "0 = not likely", scaleHigh: "10 = very likely"
    },
    ka: {
      title: "მოგვწერეთ",
      open: "ჩატის გახსნა", close: "ჩატის დახურვა", placeholder: "დაწერეთ შეტყობინება…",
      send: "გაგზავნა", input: "შეტყობინება", typing: "ასისტენტი წერს", you: "თქვენ",
      bot: "ასისტენტი",
      offline: "ასისტენტთან დაკავშირება ვერ მოხერხდა. შეამოწმეთ კავშირი და სცადეთ ხელახლა.",
      retry: "ხელახლა ცდა", notSent: "ვერ გაიგზავნა", replies: "სწრაფი პასუხები",
      log: "საუბარი", greeting: "გამარჯობა! რით შემიძლია დაგეხმაროთ?",
      track: "სად არის ჩემი შეკვეთა?", returns: "ნივთის დაბრუნება",
      human: "ოპერატორთან საუბარი", rate: "შეგვაფასეთ",
      scaleLow: "0 = ნაკლებად სავარაუდო", scaleHigh: "10 = ძალიან სავარაუდო"
    },
    hy: {
      title: "Գրեք մեզ",
      open: "Բացել զրույցը", close: "Փակել զրույցը", placeholder: "Գրեք հաղորդագրություն…",
      send: "Ուղարկել", input: "Հաղորդագրություն", typing: "Օգնականը գրում է", you: "Դուք",
      bot: "Օգնական",
      offline: "Չհաջողվեց կապվել օգնականի հետ։ Ստուգեք կապը և փորձեք կրկին։",
      retry: "Կրկին փորձել", notSent: "Չուղարկվեց", replies: "Արագ պատասխաններ",
      log: "Զրույց", greeting: "Բարև ձեզ։ Ինչո՞վ կարող եմ օգնել։",
      track: "Որտե՞ղ է իմ պատվերը", returns: "Ապրանքի վերադարձ",
      human: "Խոսել օպերատորի հետ", rate: "Գնահատեք մեզ",
      scaleLow: "0 = քիչ հավանական", scaleHigh: "10 = շատ հավանական"
    },
    am: {
      title: "ይጻፉልን",
      open: "ውይይት ክፈት", close: "ውይይት ዝጋ", placeholder: "መልዕክት ይጻፉ…", send: "ላክ",
      input: "መልዕክት", typing: "ረዳቱ እየጻፈ ነው", you: "እርስዎ", bot: "ረዳት",
      offline: "ከረዳቱ ጋር መገናኘት አልተቻለም። ግንኙነትዎን ያረጋግጡ እና እንደገና ይሞክሩ።",
      retry: "እንደገና ሞክር", notSent: "አልተላከም", replies: "ፈጣን ምላሾች", log: "ውይይት",
      greeting: "ሰላም! በምን ልርዳዎት?", track: "ትዕዛዜ የት ደረሰ?", returns: "ዕቃ መመለስ",
      human: "ከሰው ጋር መነጋገር", rate: "ይገምግሙን",
      scaleLow: "0 = በፍጹም አልመክርም", scaleHigh: "10 = በእርግጠኝነት እመክራለሁ"
    }
  };

  // --- configuration from the script tag ---------------------------------------------------

  var data = script.dataset;
  var config = {
    botUrl: (data.botUrl || "").replace(/\/+$/, ""),
    title: (data.title || "").trim(), // none: "Chat with us" in the widget's language
    color: data.primaryColor || "#0b5394",
    language: (data.language || document.documentElement.lang || navigator.language || "en").trim(),
    customerId: (data.customerId || "").trim(),
    campaign: (data.campaign || "").trim()
  };
  if (!/^https?:\/\//.test(config.botUrl)) {
    if (window.console) console.error("ClosedLoop widget: data-bot-url must be the bot's http(s) address");
    return;
  }
  var primaryLanguage = config.language.split(/[-_]/)[0].toLowerCase();
  var t = STRINGS[primaryLanguage] || STRINGS.en;
  if (!config.title) config.title = t.title;
  var direction = RTL.indexOf(primaryLanguage) >= 0 ? "rtl" : "ltr";
  var storageKey = "closedloop-widget:v1:" + config.botUrl;

  // --- state, kept across page loads -------------------------------------------------------

  var memory = {};
  var store = {
    get: function (key) {
      try { return window.localStorage.getItem(key); } catch (e) { return memory[key] || null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, value); } catch (e) { memory[key] = value; }
    }
  };

  function randomId(prefix) {
    if (window.crypto && crypto.randomUUID) return prefix + crypto.randomUUID();
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return prefix + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function newState() {
    return { sender: randomId("web-"), customerId: config.customerId, messages: [], open: false };
  }

  function loadState() {
    var state = null;
    try { state = JSON.parse(store.get(storageKey) || "null"); } catch (e) { state = null; }
    // Another customer signed in on this browser: their conversation is not ours to show.
    if (!state || typeof state.sender !== "string" || !Array.isArray(state.messages) ||
        (state.customerId || "") !== config.customerId) {
      return newState();
    }
    state.messages.forEach(function (m) {
      if (m.status === "sending") m.status = "failed"; // the page was left mid-send
    });
    return state;
  }

  var state = loadState();
  var pending = null; // id of the message being delivered

  function save() {
    state.messages = state.messages.slice(-MAX_STORED);
    store.set(storageKey, JSON.stringify(state));
  }

  // --- building the interface --------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    svg.appendChild(p);
    return svg;
  }

  var CHAT_ICON = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
  var CLOSE_ICON = "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z";
  var SEND_ICON = "M3 20.5 21 12 3 3.5v6.6L15 12 3 13.9z";

  var host = el("div", { id: "closedloop-widget" });
  var shadow = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var sheet = el("link", { rel: "stylesheet", href: new URL("widget.css", script.src).href });
  var uid = randomId("cl");
  var root = el("div", { className: "cl-root", dir: direction, lang: config.language });
  root.hidden = true; // until the stylesheet has loaded, so nothing flashes unstyled
  function reveal() {
    root.hidden = false;
    scrollToEnd(); // a restored conversation opens at its newest message
  }
  sheet.addEventListener("load", reveal);
  sheet.addEventListener("error", reveal);

  var chatIcon = icon(CHAT_ICON);
  var closeIcon = icon(CLOSE_ICON);
  closeIcon.classList.add("cl-hidden");
  var launcher = el("button", {
    type: "button", className: "cl-launcher", "aria-expanded": "false",
    "aria-controls": uid + "-panel", "aria-label": t.open
  }, [chatIcon, closeIcon]);
  var titleEl = el("h2", { className: "cl-title", id: uid + "-title", text: config.title });
  var closeButton = el("button", {
    type: "button", className: "cl-close", "aria-label": t.close
  }, [icon(CLOSE_ICON)]);
  var log = el("div", {
    className: "cl-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": t.log, tabindex: "0"
  });
  var typing = el("div", { className: "cl-typing", role: "status" }, [
    el("span", { className: "cl-visually-hidden", text: t.typing }),
    el("span", { className: "cl-dot", "aria-hidden": "true" }),
    el("span", { className: "cl-dot", "aria-hidden": "true" }),
    el("span", { className: "cl-dot", "aria-hidden": "true" })
  ]);
  typing.hidden = true;
  var input = el("input", {
    type: "text", className: "cl-input", id: uid + "-input", autocomplete: "off",
    maxlength: "2000", dir: "auto", placeholder: t.placeholder, enterkeyhint: "send"
  });
  var sendButton = el("button", { type: "submit", className: "cl-send", "aria-label": t.send }, [
    icon(SEND_ICON)
  ]);
  var form = el("form", { className: "cl-form" }, [
    el("label", { className: "cl-visually-hidden", for: uid + "-input", text: t.input }),
    input,
    sendButton
  ]);
  var panel = el("div", {
    className: "cl-panel", id: uid + "-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": uid + "-title"
  }, [
    el("div", { className: "cl-header" }, [titleEl, closeButton]),
    log,
    form
  ]);
  panel.hidden = true;
  log.appendChild(typing);
  root.appendChild(panel);
  root.appendChild(launcher);
  shadow.appendChild(sheet);
  shadow.appendChild(root);

  function applyColor(color) {
    if (!(window.CSS && CSS.supports && CSS.supports("color", color))) color = "#0b5394";
    host.style.setProperty("--cl-primary", color);
    host.style.setProperty("--cl-on-primary", readableOn(color));
  }

  // Black or white text, whichever contrasts more with the site's colour (WCAG luminance).
  function readableOn(color) {
    var probe = document.createElement("span");
    probe.style.color = color;
    probe.style.display = "none";
    document.body.appendChild(probe);
    var rgb = (getComputedStyle(probe).color.match(/[\d.]+/g) || [0, 0, 0]).slice(0, 3);
    document.body.removeChild(probe);
    var l = rgb.map(function (v) {
      v = Number(v) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    var lum = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? "#111111" : "#ffffff";
  }

  // --- messages ----------------------------------------------------------------------------

  var nodes = {};
  var timeFormat = (function () {
    try {
      return new Intl.DateTimeFormat(config.language, { hour: "numeric", minute: "2-digit" });
    } catch (e) {
      return new Intl.DateTimeFormat("en", { hour: "numeric", minute: "2-digit" });
    }
  })();

  // Web addresses, e-mail addresses and international phone numbers ("+1 555 0100") in bot
  // text become links; a bare run of digits (an order number, an amount) never does.
  var LINKS = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])|([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})|(\+\d[\d ()-]{5,}\d)/g;

  function linkFor(match) {
    if (match[1]) return { href: match[1], target: "_blank", rel: "noopener noreferrer" };
    if (match[2]) return { href: "mailto:" + match[2] };
    return { href: "tel:" + match[3].replace(/[^\d+]/g, "") };
  }

  function appendText(parent, text) {
    // Plain text only (never HTML).
    var last = 0;
    var match;
    LINKS.lastIndex = 0;
    while ((match = LINKS.exec(text)) !== null) {
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var attrs = linkFor(match);
      attrs.text = match[0];
      parent.appendChild(el("a", attrs));
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function isScale(buttons) {
    return buttons.length >= 5 && buttons.every(function (b) { return /^\d{1,2}$/.test(b.title); });
  }

  // The NPS question's 0-10 buttons: laid out in two rows (each button a 44 px touch target)
  // with the meaning of both ends written under them.
  function isNpsScale(buttons) {
    return isScale(buttons) && buttons.length === 11 && buttons[0].title === "0";
  }

  function lastUserIndex() {
    for (var i = state.messages.length - 1; i >= 0; i--) {
      if (state.messages[i].role === "user") return i;
    }
    return -1;
  }

  function renderMessage(message, index) {
    var buttons = message.buttons || [];
    var showButtons = message.role === "bot" && buttons.length > 0 && index > lastUserIndex();
    var signature = message.status + (showButtons ? "+buttons" : "");
    var node = nodes[message.id];
    var fresh = !node;
    if (fresh) {
      var scale = message.role === "bot" && isScale(buttons);
      node = el("div", { className: "cl-msg cl-" + message.role + (scale ? " cl-has-scale" : "") });
      nodes[message.id] = node;
    } else if (node.getAttribute("data-state") === signature) {
      return; // unchanged: screen readers are not told about it again
    }
    node.setAttribute("data-state", signature);
    node.textContent = "";
    var who = el("span", {
      className: "cl-visually-hidden", text: (message.role === "user" ? t.you : t.bot) + ": "
    });
    var bubble = el("div", { className: "cl-bubble", dir: "auto" });
    bubble.appendChild(who);
    if (message.text) appendText(bubble, message.text);
    if (message.image) {
      bubble.appendChild(el("img", { src: message.image, alt: "", className: "cl-image" }));
    }
    node.appendChild(bubble);

    var meta = el("div", { className: "cl-meta" });
    var when = new Date(message.ts);
    meta.appendChild(el("time", { datetime: when.toISOString(), text: timeFormat.format(when) }));
    if (message.status === "failed") {
      node.classList.add("cl-failed");
      meta.appendChild(el("span", { className: "cl-error", role: "alert", text: t.notSent + ". " + t.offline }));
      var retry = el("button", { type: "button", className: "cl-retry", text: t.retry });
      retry.addEventListener("click", function () {
        deliver(message);
        input.focus(); // the button goes away: keep focus (and Escape) inside the panel
      });
      meta.appendChild(retry);
    } else {
      node.classList.remove("cl-failed");
    }
    node.appendChild(meta);

    // Quick replies only on bot messages the customer has not answered yet.
    if (showButtons) {
      var nps = isNpsScale(buttons);
      var group = el("div", {
        className: "cl-buttons" + (isScale(buttons) ? " cl-scale" : "") + (nps ? " cl-scale-11" : ""),
        role: "group", "aria-label": t.replies
      });
      buttons.forEach(function (button) {
        var b = el("button", { type: "button", className: "cl-reply", dir: "auto", text: button.title });
        b.addEventListener("click", function () {
          send(button.title, button.payload);
          input.focus();
        });
        group.appendChild(b);
      });
      node.appendChild(group);
      if (nps) {
        group.setAttribute("aria-describedby", message.id + "-ends");
        node.appendChild(el("div", { className: "cl-scale-ends", id: message.id + "-ends" }, [
          el("span", { text: t.scaleLow }), el("span", { text: t.scaleHigh })
        ]));
      }
    }
    if (fresh) log.insertBefore(node, typing);
  }

  function renderAll() {
    state.messages.forEach(renderMessage);
    // One time under a run of messages from the same side within the same minute.
    state.messages.forEach(function (message, i) {
      var next = state.messages[i + 1];
      var grouped = next && next.role === message.role && message.status !== "failed" &&
        Math.floor(next.ts / 60000) === Math.floor(message.ts / 60000);
      nodes[message.id].classList.toggle("cl-grouped", !!grouped);
    });
    scrollToEnd();
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  // A new conversation opens with a greeting and the most asked-for requests as buttons; the
  // payloads are intents, so they mean the same whatever the customer's language.
  function greet() {
    if (state.messages.length) return;
    state.messages.push({
      id: randomId("b-"), role: "bot", text: t.greeting, image: null, ts: Date.now(),
      status: "sent", buttons: [
        { title: t.track, payload: "/track_order" },
        { title: t.returns, payload: "/check_refund_policy" },
        { title: t.human, payload: "/contact_human_agent" },
        { title: t.rate, payload: "/give_feedback" }
      ]
    });
    save();
  }

  function addBotReply(reply) {
    var buttons = (reply.buttons || []).map(function (b) {
      return { title: String(b.title || b.payload || ""), payload: String(b.payload || b.title || "") };
    });
    var image = typeof reply.image === "string" && /^https?:\/\//.test(reply.image) ? reply.image : null;
    if (!reply.text && !buttons.length && !image) return;
    var message = {
      id: randomId("b-"), role: "bot", text: reply.text ? String(reply.text) : "",
      buttons: buttons, image: image, ts: Date.now(), status: "sent"
    };
    state.messages.push(message);
  }

  // --- talking to the bot ------------------------------------------------------------------

  function setBusy(busy) {
    typing.hidden = !busy;
    sendButton.disabled = busy;
    if (busy) log.appendChild(typing);
    scrollToEnd();
  }

  function send(text, payload) {
    text = (text || "").trim();
    if (!text || pending) return;
    var message = {
      id: randomId("m-"), role: "user", text: text, payload: payload || text,
      ts: Date.now(), status: "sending"
    };
    state.messages.push(message);
    save();
    renderAll();
    deliver(message);
  }

  // Delivers (or re-delivers, on retry) one message: the same message_id and the same bubble.
  function deliver(message) {
    if (pending) return;
    pending = message.id;
    message.status = "sending";
    renderAll();
    setBusy(true);
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    var metadata = { channel: "web", language: config.language, message_id: message.id };
    if (config.customerId) metadata.customer_id = config.customerId;
    if (config.campaign) metadata.campaign = config.campaign;
    fetch(config.botUrl + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: message.payload, metadata: metadata }),
      signal: controller ? controller.signal : undefined,
      credentials: "omit"
    }).then(function (response) {
      if (!response.ok) throw new Error("bot answered " + response.status);
      return response.json();
    }).then(function (replies) {
      message.status = "sent";
      (Array.isArray(replies) ? replies : []).forEach(addBotReply);
    }).catch(function () {
      message.status = "failed";
    }).then(function () {
      if (timer) clearTimeout(timer);
      pending = null;
      save();
      setBusy(false);
      renderAll();
    });
  }

  // --- opening, closing, keyboard ----------------------------------------------------------

  function setOpen(open, focus) {
    state.open = open;
    save();
    panel.hidden = !open;
    root.classList.toggle("cl-is-open", open);
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    launcher.setAttribute("aria-label", open ? t.close : t.open);
    chatIcon.classList.toggle("cl-hidden", open);
    closeIcon.classList.toggle("cl-hidden", !open);
    if (open) {
      greet();
      renderAll();
      if (focus) input.focus();
    } else if (focus) {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () { setOpen(panel.hidden, true); });
  closeButton.addEventListener("click", function () { setOpen(false, true); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.stopPropagation();
      setOpen(false, true);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (pending) return;
    var text = input.value;
    if (!text.trim()) return;
    input.value = "";
    send(text);
  });

  function mount() {
    document.body.appendChild(host);
    applyColor(config.color);
    renderAll();
    if (state.open) setOpen(true, false);
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.ClosedLoopWidget = {
    open: function () { setOpen(true, true); },
    close: function () { setOpen(false, false); },
    reset: function () {
      state = newState();
      Object.keys(nodes).forEach(function (id) { log.removeChild(nodes[id]); delete nodes[id]; });
      greet();
      renderAll();
    }
  };

  function findOwnScript() {
    var scripts = document.querySelectorAll("script[src*='widget.js']");
    return scripts[scripts.length - 1] || null;
  }
})();
