// The sidebar's card stack and Google's navigation operations, applied in order.

export class CardStack {
  constructor() {
    this.entries = [];
    this.stale = false; // set when another context's callback said stateChanged
  }

  get size() { return this.entries.length; }
  get top() { return this.entries[this.entries.length - 1] || null; }

  clear() { this.entries = []; }

  push(card) {
    const entry = { card };
    this.entries.push(entry);
    return entry;
  }

  /** Client-side back arrow: drop the top card (never the root). */
  back() {
    if (this.entries.length > 1) this.entries.pop();
  }

  /**
   * Apply `navigations`. Returns {problems, preserve}: `preserve` is true when the card
   * now on top came from an updateCard of the card that was on screen, the one case in
   * which Gmail keeps what the user typed (for equivalent fields).
   */
  apply(navigations) {
    const problems = [];
    const shown = this.top;
    let updated = null;
    (navigations || []).forEach((nav, i) => {
      const where = `navigations[${i}]`;
      if (!nav || typeof nav !== "object") return;
      if ("pushCard" in nav) this.push(nav.pushCard);
      else if ("updateCard" in nav) {
        const before = this.top;
        if (before) this.entries.pop();
        const entry = this.push(nav.updateCard);
        if (before === shown) updated = entry;
      } else if ("pop" in nav) {
        if (this.entries.length > 1) this.entries.pop();
        else problems.push({ level: "warn", path: where, message: "pop on the root card: Gmail has nothing to pop" });
      } else if ("popToRoot" in nav) this.entries.length = Math.min(this.entries.length, 1);
      else if ("popToCard" in nav) {
        const index = this.entries.map((e) => e.card?.name).lastIndexOf(nav.popToCard);
        if (index < 0) problems.push({ level: "error", path: where, message: `popToCard: no card named ${JSON.stringify(nav.popToCard)} in the stack (names: ${this.entries.map((e) => e.card?.name || "∅").join(", ")})` });
        else this.entries.length = index + 1;
      }
    });
    return { problems, preserve: Boolean(updated) && this.top === updated };
  }
}
