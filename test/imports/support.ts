import type { TestContext } from '../helpers.js';

/** POSTs a file to /api/v1/imports as multipart form data, as a browser or curl would. */
export async function postImport(
  t: TestContext,
  token: string,
  bytes: Uint8Array,
  name: string,
  commuterId?: string,
): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  if (commuterId) form.append('commuterId', commuterId);
  return t.app.request('/api/v1/imports', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}
