// Icons: Gmail's built-in `knownIcon` names drawn with the bundled Material Icons font,
// `iconUrl` as an image, `materialIcon.name` straight from the font.

import { h } from "./dom.js";

// Card v1 knownIcon names (Google's "built-in icons" list) → Material Icons ligatures.
export const KNOWN_ICONS = {
  AIRPLANE: "flight", BOOKMARK: "bookmark", BUS: "directions_bus", CAR: "directions_car",
  CLOCK: "schedule", CONFIRMATION_NUMBER_ICON: "confirmation_number", DESCRIPTION: "description",
  DOLLAR: "attach_money", EMAIL: "email", EVENT_PERFORMER: "theater_comedy", EVENT_SEAT: "event_seat",
  FLIGHT_ARRIVAL: "flight_land", FLIGHT_DEPARTURE: "flight_takeoff", HOTEL: "hotel",
  HOTEL_ROOM_TYPE: "king_bed", INVITE: "person_add", MAP_PIN: "place", MEMBERSHIP: "card_membership",
  MULTIPLE_PEOPLE: "people", OFFER: "local_offer", PERSON: "person", PHONE: "phone",
  RESTAURANT_ICON: "restaurant", SHOPPING_CART: "shopping_cart", STAR: "star", STORE: "store",
  TICKET: "local_activity", TRAIN: "train", VIDEO_CAMERA: "videocam", VIDEO_PLAY: "play_circle",
};

/** Problems with an Icon that the proto accepts but Gmail cannot draw. */
export function iconProblems(icon, path) {
  if (!icon || typeof icon !== "object") return [];
  if (icon.knownIcon !== undefined && !(icon.knownIcon in KNOWN_ICONS)) {
    return [{ level: "error", path: `${path}.knownIcon`, message: `unknown knownIcon ${JSON.stringify(icon.knownIcon)}; expected one of ${Object.keys(KNOWN_ICONS).join(", ")}` }];
  }
  if (icon.knownIcon === undefined && icon.iconUrl === undefined && icon.materialIcon === undefined) {
    return [{ level: "error", path, message: "icon needs one of knownIcon, iconUrl, materialIcon" }];
  }
  return [];
}

export function materialGlyph(name, extraClass = "") {
  return h("span", { class: `material-icons ${extraClass}`.trim(), "aria-hidden": "true", text: name });
}

/** The element for an Icon object (or null). */
export function iconElement(icon, extraClass = "") {
  if (!icon) return null;
  const cls = `card-icon ${icon.imageType === "CIRCLE" ? "circle" : ""} ${extraClass}`.trim();
  if (icon.knownIcon) {
    const glyph = materialGlyph(KNOWN_ICONS[icon.knownIcon] || "help", cls);
    glyph.dataset.knownIcon = icon.knownIcon;
    if (icon.altText) glyph.title = icon.altText;
    return glyph;
  }
  if (icon.materialIcon) {
    const glyph = materialGlyph(icon.materialIcon.name || "help", cls);
    glyph.dataset.materialIcon = icon.materialIcon.name || "";
    if (icon.materialIcon.fill === false) glyph.classList.add("outlined");
    return glyph;
  }
  if (icon.iconUrl) return imageWithFallback(icon.iconUrl, icon.altText || "", `${cls} card-icon-img`);
  return null;
}

/** An <img> that turns into a grey placeholder when it cannot load (closed networks). */
export function imageWithFallback(src, alt, cls) {
  const img = h("img", { src, alt, class: cls, loading: "lazy", referrerpolicy: "no-referrer" });
  img.addEventListener("error", () => {
    img.replaceWith(h("span", { class: `${cls} img-missing`, title: `${alt || "image"} (${src} did not load)` },
      materialGlyph("image")));
  }, { once: true });
  return img;
}
