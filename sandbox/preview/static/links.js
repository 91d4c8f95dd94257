// Opening links as Gmail would: only https, mailto and tel; https URLs must match the
// deployment's openLinkUrlPrefixes (google-addon-http.md §2.3 and §3.3). The preview
// still opens a refused link, so the demo keeps working, but says loudly that Google won't.

function prefixMatches(prefix, url) {
  if (prefix === "*") return true;
  const wild = prefix.match(/^https:\/\/\*\.([^/]+)(\/.*)$/);
  if (wild) {
    const [, domain, path] = wild;
    const u = new URL(url);
    return (u.hostname === domain || u.hostname.endsWith(`.${domain}`)) && u.pathname.startsWith(path);
  }
  return url.startsWith(prefix);
}

/** Problems Google would have with opening `url`. */
export function linkProblems(url, prefixes) {
  let parsed;
  try { parsed = new URL(url); } catch { return [{ level: "error", path: "url", message: `not a URL: ${JSON.stringify(url)}` }]; }
  if (parsed.protocol === "mailto:" || parsed.protocol === "tel:") return [];
  const out = [];
  let target = url;
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol === "http:" && loopback) {
    // The local demo: Google never reaches it, so match the prefixes as written.
  } else if (parsed.protocol === "http:") {
    out.push({ level: "warn", path: "url", message: `Gmail rewrites http links to https: ${url}` });
    target = `https:${url.slice(5)}`;
  } else if (parsed.protocol !== "https:") {
    return [{ level: "error", path: "url", message: `Google refuses ${parsed.protocol} links (only https, mailto, tel): ${url}` }];
  }
  const list = prefixes || [];
  if (!list.some((p) => prefixMatches(p, target))) {
    out.push({ level: "error", path: "url", message: `Google would refuse this link: ${target} matches none of addOns.common.openLinkUrlPrefixes ${JSON.stringify(list)}` });
  }
  return out;
}
