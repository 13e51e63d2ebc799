/** A client of the embedded server's HTTP API as the Temporal UI calls it: JSON in and out, with its CSRF token. */

/** Answers are JSON of many shapes that tests read field by field; their assertions are the type check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiJson = any;

export interface UiResponse<T = ApiJson> {
  status: number;
  body: T;
  headers: Headers;
}

export interface UiHttpClient {
  readonly baseUrl: string;
  get<T = ApiJson>(path: string): Promise<UiResponse<T>>;
  /** A write as the UI sends it: Caller-Type operator and the CSRF cookie's value in X-CSRF-TOKEN. */
  post<T = ApiJson>(
    path: string,
    body: unknown,
    options?: { csrf?: boolean; rawBody?: string },
  ): Promise<UiResponse<T>>;
  request<T = ApiJson>(method: string, path: string, init?: RequestInit): Promise<UiResponse<T>>;
}

export function uiHttpClient(baseUrl: string): UiHttpClient {
  let csrfToken: string | undefined;

  const request = async <T>(method: string, path: string, init: RequestInit = {}): Promise<UiResponse<T>> => {
    const response = await fetch(`${baseUrl}${path}`, { ...init, method });
    const setCookie = response.headers.get('set-cookie');
    const token = setCookie ? /_csrf=([^;]+)/.exec(setCookie)?.[1] : undefined;
    if (token && !csrfToken) csrfToken = token;
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a UI page): the text is the body.
    }
    return { status: response.status, body: body as T, headers: response.headers };
  };

  return {
    baseUrl,
    get: (path) => request('GET', path, { headers: { 'Caller-Type': 'operator' } }),
    async post(path, body, options = {}) {
      if (!csrfToken) await request('GET', '/api/v1/settings');
      const headers: Record<string, string> = { 'Caller-Type': 'operator', 'Content-Type': 'application/json' };
      if (options.csrf !== false) {
        headers['X-CSRF-TOKEN'] = csrfToken!;
        headers.Cookie = `_csrf=${csrfToken}`;
      }
      return request('POST', path, { headers, body: options.rawBody ?? JSON.stringify(body) });
    },
    request,
  };
}

/** Payload JSON as the API shows it: metadata and data base64-encoded. */
export function jsonPayload(value: unknown): { metadata: { encoding: string }; data: string } {
  return {
    metadata: { encoding: Buffer.from('json/plain').toString('base64') },
    data: Buffer.from(JSON.stringify(value)).toString('base64'),
  };
}

export function decodePayloadData(payload: { data?: string }): unknown {
  return JSON.parse(Buffer.from(payload.data ?? '', 'base64').toString('utf8'));
}
