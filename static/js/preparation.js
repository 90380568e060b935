/*
 * The coordinator's preparation page: each good practice or bottleneck saves itself.
 *
 * - A form saves (fetch POST, JSON answer) when one of its fields loses focus, and at least every
 *   30 seconds while it has unsaved changes. It sends the version it was loaded with; an answer
 *   409 carries what someone else saved meanwhile, shown side by side to choose from. Nothing is
 *   overwritten without the person choosing so.
 * - Every unsaved change is also kept in localStorage (one key per preparation and entry) until the
 *   server has it. A save answered 401/403 or by the sign-in page means the session ended: the
 *   person is asked to sign in again, and on coming back the kept text is put back and saved.
 * - User text only ever goes into the page through textContent and form values, never as HTML.
 *
 * Without this script every form still works as a plain post.
 */
(function () {
  "use strict";

  const configElement = document.getElementById("preparation-config");
  if (!configElement) {
    return;
  }
  const config = JSON.parse(configElement.textContent);
  const texts = config.texts;
  const STORE_PREFIX = "preparation:" + config.preparation + ":";
  const AUTOSAVE_MS = 30 * 1000;
  // The same words as the server counts (surveys.models.count_words): "havo-hbo" and "TOA's" are one.
  const WORD = /[\p{L}\p{N}_]+(?:[-'’][\p{L}\p{N}_]+)*/gu;
  const entries = new Map(); // form element -> Entry
  let signedOut = false;

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function csrfToken() {
    const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(function ([name, value]) {
      node.setAttribute(name, value);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    });
    const loginPath = new URL(config.loginUrl, window.location.href).pathname;
    if (
      response.status === 401 ||
      response.status === 403 ||
      (response.redirected && new URL(response.url).pathname === loginPath)
    ) {
      showSignedOut();
      return { response: response, data: null, signedOut: true };
    }
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    return { response: response, data: data, signedOut: false };
  }

  function showSignedOut() {
    if (signedOut) {
      return;
    }
    signedOut = true;
    entries.forEach(function (entry) {
      entry.keep();
      if (entry.dirty) {
        entry.status(format(texts.notSaved, { reason: texts.signIn.toLowerCase() }), "danger");
      }
    });
    const alert = document.getElementById("session-alert");
    alert.replaceChildren(element("span", {}, texts.signedOut + " "));
    alert.appendChild(element("a", { href: config.loginUrl, class: "alert-link", "data-testid": "sign-in-again" }, texts.signIn));
    alert.classList.remove("d-none");
    alert.scrollIntoView({ block: "center" });
  }

  // The learning questions panel

  const questionPanel = document.getElementById("learning-questions");

  function renderQuestions(questions) {
    if (!questionPanel || !questions) {
      return;
    }
    const list = questionPanel.querySelector(".question-list");
    list.replaceChildren();
    if (!questions.length) {
      list.appendChild(element("li", { class: "list-group-item text-body-secondary question-empty" }, texts.noQuestions));
      return;
    }
    questions.forEach(function (question, index) {
      const item = element("li", { class: "list-group-item d-flex align-items-start gap-2", "data-id": question.id });
      item.appendChild(element("span", { class: "flex-grow-1 question-text preserve-lines" }, question.text));
      const buttons = element("span", { class: "btn-group btn-group-sm question-buttons" });
      [["up", "↑", texts.moveUp, index === 0], ["down", "↓", texts.moveDown, index === questions.length - 1]].forEach(
        function ([direction, arrow, label, disabled]) {
          const button = element("button", {
            type: "button",
            class: "btn btn-sm btn-outline-secondary",
            "data-direction": direction,
            "aria-label": label,
            title: label,
          }, arrow);
          button.disabled = disabled;
          buttons.appendChild(button);
        }
      );
      item.appendChild(buttons);
      list.appendChild(item);
    });
  }

  if (questionPanel) {
    questionPanel.addEventListener("click", async function (event) {
      const button = event.target.closest("button[data-direction]");
      if (!button) {
        return;
      }
      event.preventDefault();
      const item = button.closest("li");
      const order = Array.from(questionPanel.querySelectorAll(".question-list > li[data-id]"), (li) => li.dataset.id);
      const index = order.indexOf(item.dataset.id);
      const other = button.dataset.direction === "up" ? index - 1 : index + 1;
      if (other < 0 || other >= order.length) {
        return;
      }
      [order[index], order[other]] = [order[other], order[index]];
      const body = new FormData();
      order.forEach((id) => body.append("order", id));
      const status = questionPanel.querySelector(".question-status");
      status.textContent = "";
      try {
        const result = await post(config.reorderUrl, body);
        if (result.signedOut) {
          return;
        }
        if (result.data) {
          renderQuestions(result.data.learning_questions);
          if (!result.data.ok) {
            status.textContent = result.data.message;
          }
        }
      } catch (error) {
        status.textContent = format(texts.notSaved, { reason: texts.network });
      }
    });
  }

  // One good practice or bottleneck

  function newKey(kind) {
    return kind + "-new-" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  }

  class Entry {
    constructor(form) {
      this.form = form;
      this.kind = form.dataset.kind;
      this.id = form.dataset.id || null;
      this.dirty = false;
      this.dirtySince = 0;
      this.lastAttempt = 0;
      this.saving = null;
      this.again = false;
      this.conflict = false;
      this.refused = null; // the values the server last refused: not sent again unchanged
      this.storageKey = this.id ? this.kind + "-" + this.id : form.id;
      entries.set(form, this);

      form.addEventListener("input", (event) => this.changed(event));
      form.addEventListener("change", (event) => {
        if (event.target.type === "checkbox") {
          this.changed(event);
          this.save();
        }
      });
      form.addEventListener("focusout", (event) => {
        if (this.dirty && event.target.matches("input, textarea")) {
          this.save();
        }
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        if (event.submitter && event.submitter.classList.contains("entry-delete")) {
          this.remove();
        } else {
          this.save({ explicit: true });
        }
      });
      form.querySelectorAll(".entry-delete[hidden]").forEach((button) => {
        button.hidden = false;
      });
      this.count();
    }

    get version() {
      const input = this.form.querySelector('input[name="version"]');
      return input ? input.value : "";
    }

    set version(value) {
      const input = this.form.querySelector('input[name="version"]');
      if (input) {
        input.value = value || "";
      }
    }

    get theme() {
      const input = this.form.querySelector('input[name="theme"]');
      return input ? input.value : this.form.dataset.theme;
    }

    fields() {
      return Array.from(this.form.elements).filter(
        (field) => field.name && !["csrfmiddlewaretoken", "version", "theme"].includes(field.name) && field.type !== "submit"
      );
    }

    values() {
      const values = {};
      this.fields().forEach((field) => {
        values[field.name] = field.type === "checkbox" ? field.checked : field.value;
      });
      return values;
    }

    fill(values) {
      this.fields().forEach((field) => {
        if (field.name in values) {
          if (field.type === "checkbox") {
            field.checked = Boolean(values[field.name]);
          } else {
            field.value = values[field.name];
          }
        }
      });
      this.count();
    }

    label(name) {
      const field = this.form.elements.namedItem(name);
      const label = field && field.id ? this.form.querySelector('label[for="' + field.id + '"]') : null;
      return label ? label.textContent.replace("*", "").trim() : name;
    }

    count() {
      let words = 0;
      this.form.querySelectorAll("[data-counted]").forEach((field) => {
        words += (field.value.match(WORD) || []).length;
      });
      const counter = this.form.querySelector(".word-count");
      if (counter) {
        counter.querySelector(".word-count-value").textContent = String(words);
        const over = words > config.maxWords;
        counter.classList.toggle("text-danger", over);
        counter.classList.toggle("fw-semibold", over);
        counter.title = over ? texts.wordsOver : "";
      }
      return words;
    }

    status(text, tone) {
      const status = this.form.querySelector(".entry-status");
      status.textContent = text;
      status.className = "entry-status small ms-auto" + (tone ? " text-" + tone : "");
      status.dataset.tone = tone || "";
    }

    changed() {
      if (!this.dirty) {
        this.dirtySince = Date.now();
      }
      this.dirty = true;
      this.count();
      this.keep();
      if (!this.conflict && !signedOut) {
        this.status(texts.unsaved, "secondary");
      }
    }

    // Kept in this browser until the server has it.
    keep() {
      if (!this.dirty) {
        return;
      }
      const record = {
        kind: this.kind,
        id: this.id,
        theme: this.theme,
        version: this.version,
        values: this.values(),
        kept: new Date().toISOString(),
      };
      try {
        window.localStorage.setItem(STORE_PREFIX + this.storageKey, JSON.stringify(record));
      } catch (error) {
        // Storage full or refused: the text is still in the form.
      }
    }

    forget() {
      try {
        window.localStorage.removeItem(STORE_PREFIX + this.storageKey);
      } catch (error) {
        // Nothing kept.
      }
    }

    requiredFilled() {
      return Array.from(this.form.querySelectorAll("[required]")).every((field) => field.value.trim() !== "");
    }

    async save(options) {
      const explicit = options && options.explicit;
      if (this.conflict || signedOut) {
        return;
      }
      if (this.saving) {
        this.again = true;
        return this.saving;
      }
      if (!this.id && !this.requiredFilled()) {
        if (explicit) {
          this.status(texts.fillRequired, "danger");
        }
        return;
      }
      const sent = JSON.stringify(this.values());
      if (!explicit && this.refused === sent) {
        return;
      }
      this.lastAttempt = Date.now();
      this.status(texts.saving, "secondary");
      this.saving = this.send(sent);
      try {
        await this.saving;
      } finally {
        this.saving = null;
      }
      if (this.again) {
        this.again = false;
        if (this.dirty && !this.conflict) {
          return this.save();
        }
      }
    }

    async send(sent) {
      const body = new FormData(this.form);
      let result;
      try {
        result = await post(this.form.action, body);
      } catch (error) {
        this.status(format(texts.notSaved, { reason: texts.network }), "danger");
        return;
      }
      if (result.signedOut) {
        this.keep();
        return;
      }
      const { response, data } = result;
      if (!data) {
        this.status(format(texts.notSaved, { reason: response.statusText || response.status }), "danger");
        return;
      }
      if (response.ok) {
        this.saved(data, sent);
      } else if (response.status === 409 && data.stale) {
        this.stale(data);
      } else {
        this.refused = sent;
        this.markErrors(data.errors || {});
        this.status(format(texts.notSaved, { reason: data.message }), "danger");
      }
    }

    saved(data, sent) {
      this.version = data.version;
      this.refused = null;
      if (!this.id) {
        this.forget();
        this.id = String(data.id);
        this.form.dataset.id = this.id;
        this.form.id = data.key;
        this.form.action = data.urls.save;
        this.form.dataset.deleteUrl = data.urls.delete;
        const theme = this.form.querySelector('input[name="theme"]');
        if (theme) {
          this.form.dataset.theme = theme.value;
          theme.remove();
        }
        this.storageKey = data.key;
      }
      this.markErrors({});
      this.form.classList.remove("entry-restored");
      this.hidePanel();
      if (JSON.stringify(this.values()) === sent) {
        this.dirty = false;
        this.forget();
      } else {
        this.keep(); // typed on while it was saving: kept, and saved next
        this.again = true;
      }
      this.status(format(texts.saved, { time: data.saved_at }), "success");
      renderQuestions(data.learning_questions);
    }

    markErrors(errors) {
      this.form.querySelectorAll(".is-invalid").forEach((field) => field.classList.remove("is-invalid"));
      this.form.querySelectorAll(".js-feedback").forEach((node) => node.remove());
      Object.entries(errors).forEach(([name, messages]) => {
        const field = this.form.elements.namedItem(name);
        if (!field || !field.classList) {
          return;
        }
        field.classList.add("is-invalid");
        const feedback = element("div", { class: "invalid-feedback js-feedback" }, messages.join(" "));
        (field.type === "checkbox" ? field.parentElement : field).after(feedback);
      });
    }

    // Someone else saved (or deleted) this entry since it was loaded: show both, let the person choose.
    stale(data) {
      const mine = this.values();
      if (!data.deleted) {
        const same = Object.keys(data.current).every((name) => !(name in mine) || String(mine[name]) === String(data.current[name]));
        if (same) {
          // The other save was this very text (say, a save whose answer never arrived).
          this.saved({ ...data, saved_at: "", learning_questions: null, key: this.form.id }, JSON.stringify(mine));
          this.status("", "");
          return;
        }
      }
      this.conflict = true;
      this.keep();
      this.status(format(texts.notSaved, { reason: data.message }), "warning");
      const panel = this.form.querySelector(".stale-panel");
      panel.replaceChildren();
      panel.hidden = false;
      const box = element("div", { class: "alert alert-warning mb-0" });
      box.appendChild(element("p", { class: "mb-2 fw-semibold" }, data.deleted ? texts.staleDeleted : texts.staleIntro));
      if (!data.deleted) {
        const table = element("table", { class: "table table-sm table-bordered mb-2 align-top", "data-testid": "stale-table" });
        const head = element("tr");
        head.append(element("th", { scope: "col" }), element("th", { scope: "col" }, texts.yours), element("th", { scope: "col" }, texts.theirs));
        table.appendChild(element("thead")).appendChild(head);
        const body = table.appendChild(element("tbody"));
        Object.entries(data.current).forEach(([name, theirs]) => {
          if (!(name in mine) || String(mine[name]) === String(theirs)) {
            return;
          }
          const show = (value) => (typeof value === "boolean" ? (value ? texts.yes : texts.no) : value || "–");
          const row = element("tr", { "data-field": name });
          row.append(
            element("th", { scope: "row" }, (data.labels && data.labels[name]) || this.label(name)),
            element("td", { class: "stale-value stale-mine" }, show(mine[name])),
            element("td", { class: "stale-value stale-theirs" }, show(theirs))
          );
          body.appendChild(row);
        });
        box.appendChild(table);
      }
      const buttons = element("div", { class: "d-flex flex-wrap gap-2 stale-buttons" });
      const keepMine = element("button", { type: "button", class: "btn btn-sm btn-primary", "data-testid": "keep-mine" }, texts.keepMine);
      keepMine.addEventListener("click", () => {
        if (data.deleted) {
          this.becomeNew();
        } else {
          this.version = data.version;
        }
        this.conflict = false;
        this.hidePanel();
        this.save({ explicit: true });
      });
      const takeTheirs = element("button", { type: "button", class: "btn btn-sm btn-outline-secondary", "data-testid": "take-theirs" }, texts.takeTheirs);
      takeTheirs.addEventListener("click", () => {
        this.conflict = false;
        this.dirty = false;
        this.forget();
        if (data.deleted) {
          entries.delete(this.form);
          this.form.remove();
          return;
        }
        this.fill(data.current);
        this.version = data.version;
        this.hidePanel();
        this.status("", "");
      });
      buttons.append(keepMine, takeTheirs);
      if (!data.deleted) {
        const edit = element("button", { type: "button", class: "btn btn-sm btn-outline-primary", "data-testid": "edit-merge" }, texts.editMerge);
        edit.addEventListener("click", () => {
          // From now on a save deliberately replaces their version with the edited one.
          this.version = data.version;
          this.conflict = false;
          buttons.replaceChildren(element("p", { class: "small mb-0" }, texts.editHint));
          const first = this.fields()[0];
          if (first) {
            first.focus();
          }
          this.status(texts.unsaved, "secondary");
        });
        buttons.appendChild(edit);
      }
      box.appendChild(buttons);
      panel.appendChild(box);
    }

    hidePanel() {
      const panel = this.form.querySelector(".stale-panel");
      panel.hidden = true;
      panel.replaceChildren();
    }

    // An entry the other person deleted, kept by this one: saved again as a new entry.
    becomeNew() {
      const blank = document.getElementById("blank-" + this.kind);
      this.forget();
      this.id = null;
      delete this.form.dataset.id;
      this.form.id = newKey(this.kind);
      this.storageKey = this.form.id;
      this.form.action = blank.content.querySelector("form").getAttribute("action");
      this.version = "";
      const theme = element("input", { type: "hidden", name: "theme", value: this.form.dataset.theme });
      this.form.appendChild(theme);
      this.dirty = true;
      this.keep();
    }

    async remove() {
      if (!window.confirm(texts.confirmDelete)) {
        return;
      }
      this.forget();
      entries.delete(this.form);
      if (!this.id) {
        this.form.remove();
        return;
      }
      const result = await post(this.form.dataset.deleteUrl, new FormData());
      if (result.signedOut) {
        entries.set(this.form, this);
        return;
      }
      if (result.data && result.data.ok) {
        this.form.remove();
        renderQuestions(result.data.learning_questions);
      } else {
        entries.set(this.form, this);
        this.status(format(texts.notSaved, { reason: (result.data && result.data.message) || result.response.status }), "danger");
      }
    }
  }

  // New entries: a copy of the blank form, placed under its theme.

  function addEntry(kind, themeId, values) {
    const blank = document.getElementById("blank-" + kind);
    const section = document.querySelector('.theme-section[data-theme="' + themeId + '"]') || document.querySelector(".theme-section");
    if (!blank || !section) {
      return null;
    }
    const fragment = blank.content.cloneNode(true);
    const form = fragment.querySelector("form");
    const key = newKey(kind);
    const blankKey = form.id;
    form.id = key;
    fragment.querySelectorAll("[id], [for], [aria-describedby]").forEach((node) => {
      ["id", "for", "aria-describedby"].forEach((name) => {
        const value = node.getAttribute(name);
        if (value && value.includes(blankKey)) {
          node.setAttribute(name, value.split(blankKey).join(key));
        }
      });
    });
    form.querySelector('input[name="theme"]').value = section.dataset.theme;
    form.dataset.theme = section.dataset.theme;
    section.querySelector('.entry-list[data-kind="' + kind + '"]').appendChild(fragment);
    const entry = new Entry(form);
    if (values) {
      entry.fill(values);
    }
    return entry;
  }

  document.querySelectorAll(".add-entry").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const entry = addEntry(link.dataset.kind, link.dataset.theme);
      if (entry) {
        entry.fields()[0].focus();
      }
    });
  });

  document.querySelectorAll("form.entry").forEach((form) => new Entry(form));

  // The own theme's name

  const ownTheme = document.getElementById("own-theme");
  if (ownTheme) {
    const input = ownTheme.querySelector('input[name="own_theme_name"]');
    const status = ownTheme.querySelector(".entry-status");
    let savedValue = input.value;
    const saveName = async function () {
      if (input.value === savedValue || signedOut) {
        return;
      }
      status.textContent = texts.saving;
      try {
        const result = await post(ownTheme.action, new FormData(ownTheme));
        if (result.signedOut || !result.data) {
          return;
        }
        if (result.data.ok) {
          savedValue = input.value = result.data.name;
          status.textContent = format(texts.saved, { time: result.data.saved_at });
          const title = ownTheme.closest(".theme-section").querySelector(".theme-title");
          if (title && result.data.name) {
            title.textContent = result.data.name;
          }
        } else {
          status.textContent = format(texts.notSaved, { reason: result.data.message });
        }
      } catch (error) {
        status.textContent = format(texts.notSaved, { reason: texts.network });
      }
    };
    input.addEventListener("change", saveName);
    ownTheme.addEventListener("submit", (event) => {
      event.preventDefault();
      saveName();
    });
  }

  // Submitting: everything typed is saved first.

  const submitForm = document.getElementById("submit-form");
  if (submitForm) {
    submitForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      await Promise.all(Array.from(entries.values()).filter((entry) => entry.dirty).map((entry) => entry.save({ explicit: true })));
      if (signedOut) {
        return;
      }
      const waiting = Array.from(entries.values()).find((entry) => entry.dirty || entry.conflict);
      if (waiting) {
        waiting.form.scrollIntoView({ block: "center" });
        return;
      }
      submitForm.submit();
    });
  }

  // At least every 30 seconds while an entry has unsaved changes.

  window.setInterval(() => {
    const now = Date.now();
    entries.forEach((entry) => {
      if (entry.dirty && !entry.conflict && now - Math.max(entry.dirtySince, entry.lastAttempt) >= AUTOSAVE_MS) {
        entry.save();
      }
    });
  }, 1000);

  // Text kept in this browser by an earlier visit (a lost session, a closed tab): put back and saved.

  function restore() {
    const records = [];
    for (let index = 0; index < window.localStorage.length; index += 1) {
      const key = window.localStorage.key(index);
      if (key && key.startsWith(STORE_PREFIX)) {
        records.push(key);
      }
    }
    records.forEach((key) => {
      let record;
      try {
        record = JSON.parse(window.localStorage.getItem(key));
      } catch (error) {
        window.localStorage.removeItem(key);
        return;
      }
      if (!record || !record.values) {
        window.localStorage.removeItem(key);
        return;
      }
      let entry = null;
      const form = record.id ? document.getElementById(record.kind + "-" + record.id) : null;
      if (form && entries.has(form)) {
        entry = entries.get(form);
        const same = JSON.stringify(entry.values()) === JSON.stringify({ ...entry.values(), ...record.values });
        if (same) {
          window.localStorage.removeItem(key);
          return;
        }
        entry.fill(record.values);
        // The version the kept text was written against: if the entry changed since, the save answers 409.
        entry.version = record.version;
      } else {
        window.localStorage.removeItem(key);
        entry = addEntry(record.kind, record.theme, record.values);
        if (!entry) {
          return;
        }
      }
      entry.form.classList.add("entry-restored");
      entry.dirty = true;
      entry.dirtySince = Date.now();
      entry.keep();
      entry.status(texts.restored, "warning");
      entry.save().then(() => {
        if (entry.dirty && !entry.conflict && !signedOut) {
          entry.status(texts.restored, "warning");
        }
      });
    });
  }

  try {
    restore();
  } catch (error) {
    // No localStorage (private mode): nothing was kept.
  }
})();
