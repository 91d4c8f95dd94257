// What the page needs from the deployment descriptor (google-addon-http.md §5.1).

export function readDeployment(deployment) {
  const common = deployment?.addOns?.common || {};
  const gmail = deployment?.addOns?.gmail || {};
  const home = gmail.homepageTrigger || common.homepageTrigger; // Gmail's overrides common's
  const compose = gmail.composeTrigger?.actions?.[0] || {};
  return {
    name: common.name || "Add-on",
    logoUrl: common.logoUrl,
    primaryColor: common.layoutProperties?.primaryColor,
    secondaryColor: common.layoutProperties?.secondaryColor,
    homepageUrl: home?.runFunction && home.enabled !== false ? home.runFunction : null,
    contextualUrl: gmail.contextualTriggers?.[0]?.onTriggerFunction || null,
    composeUrl: compose.runFunction || null,
    composeLabel: compose.label || common.name || "Add-on",
    // The Gmail-specific variant spells the label "text".
    universalActions: [...(common.universalActions || []), ...(gmail.universalActions || [])]
      .map((u) => ({ label: u.label || u.text || "(no label)", openLink: u.openLink, runFunction: u.runFunction })),
    openLinkUrlPrefixes: common.openLinkUrlPrefixes || [],
  };
}
