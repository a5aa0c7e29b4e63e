/** Saves text as a file in the browser: a Blob behind a temporary link. */
export function downloadText(filename: string, text: string, type: string): void {
  // The byte-order mark makes spreadsheet programs read UTF-8 (å, ø, ș, ł) correctly.
  const body = type.startsWith('text/csv') ? `\ufeff${text}` : text;
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
