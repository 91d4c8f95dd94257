// Wiring: load the deployment, user, demo key and inbox from the sandbox, then connect
// the inbox, the reader, the compose window and the add-on sidebar.

import { renderCompose } from "./compose.js";
import { readDeployment } from "./deployment.js";
import { h } from "./dom.js";
import { renderInbox, renderReader } from "./inbox.js";
import { sandbox } from "./sandbox_api.js";
import { Sidebar } from "./sidebar.js";

const $ = (id) => document.getElementById(id);

function showFatal(message) {
  console.error("[preview]", message);
  $("fatal").replaceChildren(h("div", { class: "problem", role: "alert" }, h("div", { class: "problem-title", text: "The preview could not start" }), h("p", { text: message })));
}

function showDemoKey(key) {
  if (!key) return;
  $("demo-key-value").textContent = key;
  $("demo-key").hidden = false;
  $("demo-key-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(key);
    } catch {
      // Clipboard API refused (permissions): select the text so Ctrl+C works.
      getSelection().selectAllChildren($("demo-key-value"));
    }
    $("demo-key-copy").textContent = "Copied";
    setTimeout(() => { $("demo-key-copy").textContent = "Copy"; }, 1500);
  });
}

function showUser(user) {
  const avatar = $("user-avatar");
  avatar.textContent = (user.name || user.email || "?")[0].toUpperCase();
  avatar.title = `${user.name || ""} <${user.email}>`;
}

async function main() {
  let deployment;
  try {
    deployment = await sandbox.deployment();
  } catch (err) {
    return showFatal(`${err.message}. Is this page served by \`close-addon demo\`?`);
  }
  const [user, demoKey, messages] = await Promise.all([
    sandbox.user(), sandbox.demoKey(), sandbox.messages().catch((err) => { showFatal(err.message); return []; }),
  ]);
  const { name } = readDeployment(deployment);
  document.title = `${name} · Gmail preview`;
  $("rail-addon").title = name;
  showUser(user);
  showDemoKey(demoKey);

  let draft = null;
  let sidebar = null;
  const composeLabel = readDeployment(deployment).composeLabel;
  const list = $("inbox-list");
  const reader = $("reader");
  // openCreatedDraftActionMarkup: Gmail opens the draft the add-on created, as a compose window.
  const openCreatedDraft = async (opening) => {
    // The draft is already open (a second click on the same button): Gmail keeps what was
    // typed in it rather than loading it afresh.
    if (draft && opening.draftId && draft.id === opening.draftId) return;
    let created;
    try {
      created = await sandbox.draft(opening.draftId);
    } catch (err) {
      sidebar.view.addFlags("openCreatedDraftActionMarkup", [{ level: "error", path: "draftId", message: `Gmail has no draft ${opening.draftId}: ${err.message}` }], opening);
      return;
    }
    if (opening.draftThreadId && opening.draftThreadId !== created.threadId) {
      sidebar.view.addFlags("openCreatedDraftActionMarkup", [{ level: "error", path: "draftThreadId", message: `the draft is in thread ${created.threadId}` }], opening);
    }
    document.body.dataset.view = "compose";
    draft = renderCompose(reader, { addonLabel: composeLabel, onRunAddon: () => sidebar.openCompose(draft), onClose: closeMessage, created });
  };
  const draftAction = (action) => {
    const opening = action.gmailAction?.openCreatedDraftActionMarkup;
    if (opening) {
      openCreatedDraft(opening);
      return [];
    }
    return draft ? draft.apply(action) : [{ level: "warn", path: "hostAppAction", message: "ignored: no draft is open" }];
  };
  sidebar = new Sidebar($("sidebar"), { deployment, user, onDraftAction: draftAction });

  const openMessage = (message) => {
    draft = null;
    document.body.dataset.view = "message";
    renderInbox(list, messages, { selectedId: message.id, onOpen: openMessage });
    renderReader(reader, message, user, { onClose: closeMessage });
    return sidebar.openMessage(message);
  };
  const closeMessage = () => {
    draft = null;
    document.body.dataset.view = "inbox";
    renderInbox(list, messages, { selectedId: null, onOpen: openMessage });
    renderReader(reader, null, user, {});
    return sidebar.showHome();
  };
  $("compose-open").addEventListener("click", () => {
    document.body.dataset.view = "compose";
    renderInbox(list, messages, { selectedId: null, onOpen: openMessage });
    draft = renderCompose(reader, { addonLabel: composeLabel, onRunAddon: () => sidebar.openCompose(draft), onClose: closeMessage });
  });
  $("inbox-nav").addEventListener("click", closeMessage);

  renderInbox(list, messages, { selectedId: null, onOpen: openMessage });
  renderReader(reader, null, user, {});
  window.__preview = { sidebar, deployment };
  await sidebar.showHome();
}

main();
