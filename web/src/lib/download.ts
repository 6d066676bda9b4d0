/** Hands a blob to the browser as a file download. */
export function saveBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // give the browser a moment to start the download before the URL goes away
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** Hands text to the browser as a download. */
export function downloadText(name: string, text: string, type = 'application/json'): void {
  saveBlob(name, new Blob([text], { type }));
}
