// Names a dialog opened through Fluent's dialog service: the service gives it no aria-label, and a dialog without a
// name is announced as "dialog" only (axe: aria-dialog-name). fluent-drawer reads its label only when it renders its
// inner <dialog>, so that element is named too.
export function name(id, label) {
    const element = document.getElementById(id);
    const host = element?.closest("fluent-dialog, fluent-drawer") ?? element?.querySelector("fluent-dialog, fluent-drawer") ?? element;
    host?.setAttribute("aria-label", label);
    (host?.dialog ?? host?.shadowRoot?.querySelector("dialog"))?.setAttribute("aria-label", label);
}
