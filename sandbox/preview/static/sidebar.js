// The add-on panel's behaviour, as Gmail's: one card stack per context (homepage, open
// message, compose draft), triggers that start a stack, callbacks that navigate it,
// links, toasts, and the add-on menu. Rendering is in render_*.js, chrome in sidebar_view.js.

import { readDeployment } from "./deployment.js";
import { readResponse } from "./envelope.js";
import { flattenParameters } from "./events.js";
import { Form } from "./form.js";
import { iconElement } from "./icons.js";
import { linkProblems } from "./links.js";
import { renderCard } from "./render_card.js";
import { SidebarView } from "./sidebar_view.js";
import { CardStack } from "./stack.js";
import { callAddon } from "./transport.js";

const pathOf = (url) => { try { const u = new URL(url); return u.pathname + u.search; } catch { return url; } };

export class Sidebar {
  constructor(root, { deployment, user, onDraftAction }) {
    this.deployment = deployment;
    this.user = user;
    this.onDraftAction = onDraftAction;
    this.info = readDeployment(deployment);
    this.view = new SidebarView(root, { ...this.info, onBack: () => this.back() });
    if (this.info.secondaryColor) root.style.setProperty("--addon-secondary", this.info.secondaryColor);
    this.stacks = { home: new CardStack(), message: new CardStack(), compose: new CardStack() };
    this.mode = "home";
    this.message = null;
    this.compose = null;
    this.form = new Form();
  }

  get stack() { return this.stacks[this.mode]; }

  context() {
    return {
      deployment: this.deployment, user: this.user,
      message: this.mode === "message" ? this.message : null,
      compose: this.mode === "compose" ? this.compose : null,
    };
  }

  // ---- contexts -------------------------------------------------------------------------

  async showHome() {
    this.mode = "home";
    this.message = null;
    const home = this.stack;
    if (home.size && !home.stale) {
      this.view.setFlags("", []); // flags belong to the last response, from another context
      return this.render();
    }
    home.clear();
    home.stale = false;
    if (!this.info.homepageUrl) return this.view.showEmpty("This deployment has no homepage trigger.");
    return this.send(this.info.homepageUrl, "trigger", null, {});
  }

  async openMessage(message) {
    this.mode = "message";
    this.message = message;
    this.stacks.message = new CardStack();
    if (!this.info.contextualUrl) return this.view.showEmpty("This deployment has no contextual trigger (addOns.gmail.contextualTriggers).");
    return this.send(this.info.contextualUrl, "trigger", null, {});
  }

  async openCompose(draft) {
    this.mode = "compose";
    this.compose = draft;
    this.stacks.compose = new CardStack();
    if (!this.info.composeUrl) return this.view.showEmpty("This deployment has no compose trigger.");
    return this.send(this.info.composeUrl, "trigger", null, {});
  }

  // ---- calling the add-on -------------------------------------------------------------

  async send(url, kind, widget, { visible = true, persist = true }) {
    const stack = this.stack;
    const context = this.context();
    this.view.busy(true, visible);
    const result = await callAddon(url, context, widget);
    this.view.busy(false);
    this.apply(kind, url, result, stack, persist);
    this.view.responded();
  }

  apply(kind, url, result, stack, persist) {
    const label = `${kind} ${pathOf(url)}`;
    if (result.error) {
      this.view.setJson(`${label}: no response`, result.error);
      this.view.setFlags(`Request failed: ${label}`, [{ level: "error", path: "", message: result.error }]);
      return this.renderIfEmpty(stack);
    }
    this.view.setJson(`${result.status} ← POST ${pathOf(url)} (${result.ms} ms)`, result.json ?? result.text);
    if (!result.ok || result.json === undefined) {
      const why = result.ok ? "the response is not JSON" : `HTTP ${result.status}`;
      this.view.setFlags(`${label}: ${why}; Gmail would show an error`, [{ level: "error", path: "", message: result.text.slice(0, 2000) || "(empty body)" }]);
      return this.renderIfEmpty(stack);
    }
    const response = readResponse(kind, result.json);
    const navigation = stack.apply(response.action?.navigations);
    const problems = [...response.problems, ...navigation.problems];
    this.view.setFlags(`Response to ${label}`, problems, result.json);
    if (response.stateChanged) for (const other of Object.values(this.stacks)) if (other !== stack) other.stale = true;
    if (stack === this.stack) {
      // persistValues false (the default): Gmail clears the form when the action fires.
      if (response.action?.navigations?.length || !persist) this.render({ preserve: navigation.preserve });
      else this.renderIfEmpty(stack);
    }
    if (response.action?.notification?.text) this.view.toast(response.action.notification.text);
    if (response.action?.link) this.openLink(response.action.link);
    if (response.hostAppAction) {
      const draftProblems = this.onDraftAction ? this.onDraftAction(response.hostAppAction) : [];
      this.view.addFlags("hostAppAction", draftProblems, response.hostAppAction);
    }
  }

  renderIfEmpty(stack) {
    if (stack === this.stack && !stack.size) this.view.showEmpty("The add-on returned no card.");
  }

  async runAction(action, { extraParameters } = {}) {
    if (!action || this.view.root.dataset.state === "busy") return;
    if (this.form.check(action).length) return; // Gmail blocks the call and marks the fields
    const widget = { parameters: flattenParameters(action.parameters, extraParameters), formInputs: this.form.collect() };
    await this.send(action.function, "callback", widget, {
      visible: action.loadIndicator !== "NONE", persist: action.persistValues === true,
    });
  }

  async autoComplete(action) {
    const widget = { parameters: flattenParameters(action.parameters), formInputs: this.form.collect() };
    const result = await callAddon(action.function, this.context(), widget);
    return result.json ? readResponse("callback", result.json).autoComplete?.items || [] : [];
  }

  onClick(onClick, { source, extraParameters } = {}) {
    if (onClick.action) return this.runAction(onClick.action, { extraParameters });
    if (onClick.openDynamicLinkAction) return this.runAction(onClick.openDynamicLinkAction, { extraParameters });
    if (onClick.openLink) return this.openLink(onClick.openLink);
    if (onClick.card) { this.stack.push(onClick.card); return this.render(); }
    if (onClick.overflowMenu) return this.showOverflow(onClick.overflowMenu, source);
    return undefined;
  }

  openLink(link) {
    const url = link?.url || "";
    const problems = linkProblems(url, this.info.openLinkUrlPrefixes);
    if (problems.length) this.view.addFlags(`openLink ${url}`, problems, link);
    window.open(url, "_blank");
  }

  runUniversal(item) {
    if (item.openLink) return this.openLink({ url: item.openLink });
    if (!item.runFunction) return this.view.setFlags("Universal action", [{ level: "error", path: "", message: "needs openLink or runFunction" }], item);
    return this.send(item.runFunction, "universal", null, {});
  }

  back() {
    this.stack.back();
    this.render();
  }

  // ---- rendering ----------------------------------------------------------------------

  render({ preserve = false } = {}) {
    const previous = this.form;
    this.form = new Form();
    const stack = this.stack;
    let entry = stack.top;
    if (!entry) return this.view.showEmpty("No card yet.");
    // A PEEK card shows as a bar over the card beneath it until the user opens it.
    const peeking = entry.card?.displayStyle === "PEEK" && stack.size > 1 && !entry.opened;
    const peekEntry = entry;
    if (peeking) entry = stack.entries[stack.size - 2];
    const { body, footer } = renderCard(entry.card || {}, this.renderContext());
    if (preserve && !peeking) this.form.restore(previous.dirtyValues());
    this.view.showCard(body, footer, peeking ? stack.size - 1 : stack.size);
    this.view.showPeek(peeking ? peekEntry.card.peekCardHeader || peekEntry.card.header : null, () => { peekEntry.opened = true; this.render(); });
    this.view.setMenu([...this.cardActionItems(entry.card), ...this.universalItems()]);
  }

  renderContext() {
    return {
      form: this.form,
      onClick: (onClick, opts) => this.onClick(onClick, opts),
      runAction: (action) => this.runAction(action),
      openLink: (link) => this.openLink(link),
      autoComplete: (action) => this.autoComplete(action),
    };
  }

  cardActionItems(card) {
    return (card?.cardActions || []).map((a) => ({ label: a.actionLabel || "(no label)", group: "card", run: () => a.onClick && this.onClick(a.onClick) }));
  }

  universalItems() {
    return this.info.universalActions.map((u) => ({ label: u.label, group: "universal", run: () => this.runUniversal(u) }));
  }

  showOverflow(menu, source) {
    const items = (menu.items || []).map((item) => ({
      label: item.text || "", icon: iconElement(item.startIcon, "menu-icon"), disabled: Boolean(item.disabled),
      run: () => item.onClick && this.onClick(item.onClick, { source }),
    }));
    this.view.showOverflow(items, source || this.view.menuButton);
  }

}
