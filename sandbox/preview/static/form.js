// The inputs of the card on screen, and the `commonEventObject.formInputs` Google builds
// from them (shapes of google-addon-http.md §1.3; empty inputs are omitted as Gmail does).

export class Form {
  constructor() {
    this.fields = [];
  }

  add(field) {
    this.fields.push(field);
    return field;
  }

  /** formInputs: { name: {stringInputs|dateInput|dateTimeInput|timeInput} }. */
  collect() {
    const out = {};
    for (const field of this.fields) {
      const value = field.read();
      if (!value) continue;
      const prior = out[field.name];
      // Several switchControls may share a name: each selected one adds its value.
      if (prior?.stringInputs && value.stringInputs) prior.stringInputs.value.push(...value.stringInputs.value);
      else out[field.name] = value;
    }
    return out;
  }

  /**
   * Block an action like Gmail does: `requiredWidgets` (or every input when
   * `allWidgetsAreRequired`) must have a value, and each input's own validation must
   * pass. Marks offending fields; returns their names (empty = go ahead).
   */
  check(action) {
    const required = new Set(action.allWidgetsAreRequired ? this.fields.map((f) => f.name) : action.requiredWidgets || []);
    const invalid = [];
    for (const field of this.fields) {
      let message = field.validate ? field.validate() : null;
      if (!message && required.has(field.name) && !this.hasValue(field.name)) message = "Required";
      field.setError(message);
      if (message) invalid.push(field.name);
    }
    // A required name with no input on the card is a card bug, not a user error.
    for (const name of required) {
      if (!this.fields.some((f) => f.name === name)) console.error(`[preview] requiredWidgets names "${name}", which is not an input on this card`);
    }
    return invalid;
  }

  hasValue(name) {
    return this.fields.some((f) => f.name === name && f.read());
  }

  /** What the user changed, keyed by name + widget kind (Google's "equivalent field"). */
  dirtyValues() {
    const out = new Map();
    for (const field of this.fields) if (field.dirty) out.set(`${field.name}|${field.kind}`, field.raw());
    return out;
  }

  /** After updateCard: put the user's values back into equivalent fields only. */
  restore(values) {
    for (const field of this.fields) {
      const key = `${field.name}|${field.kind}`;
      if (!values.has(key)) continue;
      field.setRaw(values.get(key));
      field.dirty = true;
    }
  }
}
