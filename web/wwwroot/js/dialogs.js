// Names a dialog opened through Fluent's dialog service: the service gives it no aria-label, and a dialog without a
// name is announced as "dialog" only (axe: aria-dialog-name).
export function name(id, label) {
    document.getElementById(id)?.setAttribute("aria-label", label);
}
