// Card v1 field table, transcribed from google/apps/card/v1/card.proto (PyPI
// google-apps-card 0.7.1). Google parses card JSON strictly with protobuf json_format,
// so an unknown field, a wrong type or a bad enum name makes Gmail reject the whole
// response: the preview reports each one instead of rendering around it.

const S = "string";
const B = "bool";
const I = "int";
const N = "number";
const enumOf = (...values) => ({ enum: values });
const msg = (name) => ({ msg: name });
const list = (item) => ({ list: item });
// A boundary is validated where it is rendered (a widget inside a section, a card
// pushed by onClick.card), so the enclosing check only requires an object there.
const boundary = (name) => ({ msg: name, boundary: true });

const ALIGN = enumOf("HORIZONTAL_ALIGNMENT_UNSPECIFIED", "START", "CENTER", "END");
const IMAGE_TYPE = enumOf("SQUARE", "CIRCLE");

export const WIDGET_KINDS = [
  "textParagraph", "image", "decoratedText", "buttonList", "textInput", "selectionInput",
  "dateTimePicker", "divider", "grid", "columns", "carousel", "chipList",
];
export const COLUMN_WIDGET_KINDS = [
  "textParagraph", "image", "decoratedText", "buttonList", "textInput", "selectionInput",
  "dateTimePicker", "chipList",
];

export const MESSAGES = {
  Card: {
    header: msg("CardHeader"), sections: list(msg("Section")),
    sectionDividerStyle: enumOf("DIVIDER_STYLE_UNSPECIFIED", "SOLID_DIVIDER", "NO_DIVIDER"),
    cardActions: list(msg("CardAction")), name: S, fixedFooter: msg("CardFixedFooter"),
    displayStyle: enumOf("DISPLAY_STYLE_UNSPECIFIED", "PEEK", "REPLACE"),
    peekCardHeader: msg("CardHeader"),
  },
  CardHeader: { title: S, subtitle: S, imageType: IMAGE_TYPE, imageUrl: S, imageAltText: S },
  Section: {
    header: S, widgets: list(boundary("Widget")), collapsible: B,
    uncollapsibleWidgetsCount: I, collapseControl: msg("CollapseControl"),
  },
  CollapseControl: { horizontalAlignment: ALIGN, expandButton: msg("Button"), collapseButton: msg("Button") },
  CardAction: { actionLabel: S, onClick: msg("OnClick") },
  CardFixedFooter: { primaryButton: msg("Button"), secondaryButton: msg("Button") },
  Widget: {
    textParagraph: msg("TextParagraph"), image: msg("Image"), decoratedText: msg("DecoratedText"),
    buttonList: msg("ButtonList"), textInput: msg("TextInput"), selectionInput: msg("SelectionInput"),
    dateTimePicker: msg("DateTimePicker"), divider: msg("Divider"), grid: msg("Grid"),
    columns: msg("Columns"), carousel: msg("Carousel"), chipList: msg("ChipList"),
    horizontalAlignment: ALIGN,
  },
  ColumnWidget: {
    textParagraph: msg("TextParagraph"), image: msg("Image"), decoratedText: msg("DecoratedText"),
    buttonList: msg("ButtonList"), textInput: msg("TextInput"), selectionInput: msg("SelectionInput"),
    dateTimePicker: msg("DateTimePicker"), chipList: msg("ChipList"),
  },
  TextParagraph: { text: S, maxLines: I, textSyntax: enumOf("TEXT_SYNTAX_UNSPECIFIED", "HTML", "MARKDOWN") },
  Image: { imageUrl: S, onClick: msg("OnClick"), altText: S },
  OnClick: {
    action: msg("Action"), openLink: msg("OpenLink"), openDynamicLinkAction: msg("Action"),
    card: boundary("Card"), overflowMenu: msg("OverflowMenu"),
  },
  Action: {
    function: S, parameters: list(msg("ActionParameter")), loadIndicator: enumOf("SPINNER", "NONE"),
    persistValues: B, interaction: enumOf("INTERACTION_UNSPECIFIED", "OPEN_DIALOG"),
    requiredWidgets: list(S), allWidgetsAreRequired: B,
  },
  ActionParameter: { key: S, value: S },
  OpenLink: { url: S, openAs: enumOf("FULL_SIZE", "OVERLAY"), onClose: enumOf("NOTHING", "RELOAD") },
  OverflowMenu: { items: list(msg("OverflowMenuItem")) },
  OverflowMenuItem: { startIcon: msg("Icon"), text: S, onClick: msg("OnClick"), disabled: B },
  Icon: { knownIcon: S, iconUrl: S, materialIcon: msg("MaterialIcon"), altText: S, imageType: IMAGE_TYPE },
  MaterialIcon: { name: S, fill: B, weight: I, grade: I },
  DecoratedText: {
    icon: msg("Icon"), startIcon: msg("Icon"),
    startIconVerticalAlignment: enumOf("VERTICAL_ALIGNMENT_UNSPECIFIED", "TOP", "MIDDLE", "BOTTOM"),
    topLabel: S, topLabelText: msg("TextParagraph"), text: S, contentText: msg("TextParagraph"),
    wrapText: B, bottomLabel: S, bottomLabelText: msg("TextParagraph"), onClick: msg("OnClick"),
    button: msg("Button"), switchControl: msg("SwitchControl"), endIcon: msg("Icon"),
  },
  Button: {
    text: S, icon: msg("Icon"), color: msg("Color"), onClick: msg("OnClick"), disabled: B, altText: S,
    type: enumOf("TYPE_UNSPECIFIED", "OUTLINED", "FILLED", "FILLED_TONAL", "BORDERLESS"),
  },
  Color: { red: N, green: N, blue: N, alpha: N },
  SwitchControl: {
    name: S, value: S, selected: B, onChangeAction: msg("Action"),
    controlType: enumOf("SWITCH", "CHECKBOX", "CHECK_BOX"),
  },
  ButtonList: { buttons: list(msg("Button")) },
  TextInput: {
    name: S, label: S, hintText: S, value: S, type: enumOf("SINGLE_LINE", "MULTIPLE_LINE"),
    onChangeAction: msg("Action"), initialSuggestions: msg("Suggestions"),
    autoCompleteAction: msg("Action"), validation: msg("Validation"), placeholderText: S,
  },
  Suggestions: { items: list(msg("SuggestionItem")) },
  SuggestionItem: { text: S },
  Validation: {
    characterLimit: I,
    inputType: enumOf("INPUT_TYPE_UNSPECIFIED", "TEXT", "INTEGER", "FLOAT", "EMAIL", "EMOJI_PICKER"),
  },
  SelectionInput: {
    name: S, label: S, type: enumOf("CHECK_BOX", "RADIO_BUTTON", "SWITCH", "DROPDOWN", "MULTI_SELECT"),
    items: list(msg("SelectionItem")), onChangeAction: msg("Action"), multiSelectMaxSelectedItems: I,
    multiSelectMinQueryLength: I, externalDataSource: msg("Action"),
    platformDataSource: msg("PlatformDataSource"),
  },
  SelectionItem: { text: S, value: S, selected: B, startIconUri: S, bottomText: S },
  PlatformDataSource: { commonDataSource: enumOf("UNKNOWN", "USER") },
  DateTimePicker: {
    name: S, label: S, type: enumOf("DATE_AND_TIME", "DATE_ONLY", "TIME_ONLY"), valueMsEpoch: I,
    timezoneOffsetDate: I, onChangeAction: msg("Action"),
  },
  Divider: {},
  Grid: { title: S, items: list(msg("GridItem")), borderStyle: msg("BorderStyle"), columnCount: I, onClick: msg("OnClick") },
  GridItem: {
    id: S, image: msg("ImageComponent"), title: S, subtitle: S,
    layout: enumOf("GRID_ITEM_LAYOUT_UNSPECIFIED", "TEXT_BELOW", "TEXT_ABOVE"),
  },
  ImageComponent: { imageUri: S, altText: S, cropStyle: msg("ImageCropStyle"), borderStyle: msg("BorderStyle") },
  ImageCropStyle: {
    type: enumOf("IMAGE_CROP_TYPE_UNSPECIFIED", "SQUARE", "CIRCLE", "RECTANGLE_CUSTOM", "RECTANGLE_4_3"),
    aspectRatio: N,
  },
  BorderStyle: { type: enumOf("BORDER_TYPE_UNSPECIFIED", "NO_BORDER", "STROKE"), strokeColor: msg("Color"), cornerRadius: I },
  Columns: { columnItems: list(msg("Column")) },
  Column: {
    horizontalSizeStyle: enumOf("HORIZONTAL_SIZE_STYLE_UNSPECIFIED", "FILL_AVAILABLE_SPACE", "FILL_MINIMUM_SPACE"),
    horizontalAlignment: ALIGN,
    verticalAlignment: enumOf("VERTICAL_ALIGNMENT_UNSPECIFIED", "CENTER", "TOP", "BOTTOM"),
    widgets: list(boundary("ColumnWidget")),
  },
  ChipList: { layout: enumOf("LAYOUT_UNSPECIFIED", "WRAPPED", "HORIZONTAL_SCROLLABLE"), chips: list(msg("Chip")) },
  Chip: { icon: msg("Icon"), label: S, onClick: msg("OnClick"), enabled: B, disabled: B, altText: S },
  Carousel: { carouselCards: list(msg("CarouselCard")) },
  CarouselCard: { widgets: list(msg("NestedWidget")), footerWidgets: list(msg("NestedWidget")) },
  NestedWidget: { textParagraph: msg("TextParagraph"), buttonList: msg("ButtonList"), image: msg("Image") },
};

// Fields that are valid protobuf but that Gmail add-ons ignore or treat specially.
// Reported as warnings (amber), the widget is still drawn.
export const CHAT_ONLY = {
  "TextParagraph.textSyntax": "textSyntax is for Google Chat only",
  "DecoratedText.topLabelText": "topLabelText is for Google Chat only; use topLabel",
  "DecoratedText.contentText": "contentText is for Google Chat only; use text",
  "DecoratedText.bottomLabelText": "bottomLabelText is for Google Chat only; use bottomLabel",
  "DecoratedText.startIconVerticalAlignment": "startIconVerticalAlignment is for Google Chat only",
  "DecoratedText.icon": "icon is deprecated in favour of startIcon",
  "TextInput.placeholderText": "placeholderText is for Google Chat only; use hintText",
  "SelectionInput.externalDataSource": "externalDataSource is for Google Chat only; add-ons need static items",
  "SelectionInput.platformDataSource": "platformDataSource is for Google Chat only; add-ons need static items",
  "Widget.carousel": "carousel is for Google Chat only",
};

// Exactly-one groups (protobuf oneofs): two members set is a parse error.
const ONEOFS = {
  Widget: [WIDGET_KINDS],
  ColumnWidget: [COLUMN_WIDGET_KINDS],
  NestedWidget: [["textParagraph", "buttonList", "image"]],
  OnClick: [["action", "openLink", "openDynamicLinkAction", "card", "overflowMenu"]],
  Icon: [["knownIcon", "iconUrl", "materialIcon"]],
  DecoratedText: [["button", "switchControl", "endIcon"]],
  SelectionInput: [["externalDataSource", "platformDataSource"]],
};

function typeName(value) {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

function checkScalar(spec, value, path, out) {
  const bad = (expected) => out.push({ level: "error", path, message: `expected ${expected}, got ${typeName(value)} ${JSON.stringify(value)}` });
  if (spec === S) { if (typeof value !== "string") bad("a string"); return; }
  if (spec === B) { if (typeof value !== "boolean") bad("true/false"); return; }
  if (spec === N) { if (typeof value !== "number") bad("a number"); return; }
  if (spec === I) {
    // proto3 JSON accepts integers as numbers or as decimal strings (int64 style).
    const ok = (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value));
    if (!ok) bad("an integer");
    return;
  }
  if (spec.enum) {
    if (typeof value !== "string" || !spec.enum.includes(value)) {
      out.push({ level: "error", path, message: `invalid enum value ${JSON.stringify(value)}; expected one of ${spec.enum.join(", ")}` });
    }
  }
}

function checkValue(spec, value, path, out) {
  if (spec.list) {
    if (!Array.isArray(value)) { out.push({ level: "error", path, message: `expected a list, got ${typeName(value)}` }); return; }
    value.forEach((item, i) => checkValue(spec.list, item, `${path}[${i}]`, out));
    return;
  }
  if (spec.msg) {
    if (typeName(value) !== "object") { out.push({ level: "error", path, message: `expected an object (${spec.msg}), got ${typeName(value)}` }); return; }
    if (!spec.boundary) checkMessage(spec.msg, value, path, out);
    return;
  }
  checkScalar(spec, value, path, out);
}

/** Validate `value` as the proto message `type`; returns [{level, path, message}]. */
export function checkMessage(type, value, path = type, out = []) {
  const fields = MESSAGES[type];
  for (const [key, item] of Object.entries(value)) {
    const spec = fields[key];
    const where = path ? `${path}.${key}` : key;
    if (!spec) {
      out.push({ level: "error", path: where, message: `unknown field "${key}" in ${type}` });
      continue;
    }
    const note = CHAT_ONLY[`${type}.${key}`];
    if (note) out.push({ level: "warn", path: where, message: note });
    checkValue(spec, item, where, out);
  }
  for (const group of ONEOFS[type] || []) {
    const set = group.filter((k) => k in value);
    if (set.length > 1) out.push({ level: "error", path, message: `only one of ${set.join(", ")} may be set` });
  }
  return out;
}
