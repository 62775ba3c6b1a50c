/**
 * A signed-in session against the server's JSON API, for setting up what a browser step needs
 * faster than clicking through it: the session cookie rides on every request, and the CSRF
 * token on every write, as the web app sends them.
 */
export class ApiSession {
  private constructor(
    readonly baseUrl: string,
    private readonly cookie: string,
    private readonly csrfToken: string,
  ) {}

  /** Signs in with e-mail, password and, for an account with two-factor, a code. */
  static async signIn(baseUrl: string, email: string, password: string, totp?: string): Promise<ApiSession> {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password, ...(totp === undefined ? {} : { totp }) }),
    });
    if (!response.ok) throw new Error(`Sign-in as ${email}: ${response.status} ${await response.text()}`);
    const cookie = response.headers
      .getSetCookie()
      .map((header) => header.split(';')[0] ?? '')
      .filter((pair) => pair.startsWith('ch_session='))
      .join('; ');
    const me = (await response.json()) as { csrfToken: string | null };
    if (!cookie || !me.csrfToken) throw new Error(`Sign-in as ${email} gave no session cookie or CSRF token`);
    return new ApiSession(baseUrl, cookie, me.csrfToken);
  }

  /** `method path` with a JSON body; the parsed answer, or an error naming the status and body. */
  async call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Cookie: this.cookie,
        ...(method === 'GET' ? {} : { 'X-CSRF-Token': this.csrfToken }),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
