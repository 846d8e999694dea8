import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { PUBLIC_URL } from '../helpers';

export const TWILIO = {
  sid: 'AC0123456789abcdef0123456789abcdef',
  token: 'test-auth-token-f00d',
  from: '+15550001111',
};

export interface SentSms {
  sid: string;
  auth: string | undefined;
  path: string;
  form: Record<string, string>;
}

/**
 * A Twilio-compatible REST API on loopback: records `Messages.json` requests and answers like
 * Twilio (201 with a sid), or with the statuses queued by `failNext` (a 5xx, or a 4xx with Twilio's
 * error body). Callbacks are signed with the official `twilio` package, not our code.
 */
export class FakeTwilio {
  readonly sent: SentSms[] = [];
  readonly requests: SentSms[] = [];
  private readonly failures: number[] = [];
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => {
        if (req.method === 'GET') return this.list(req, res);
        const form = Object.fromEntries(new URLSearchParams(raw));
        const sid = `SM${randomBytes(16).toString('hex')}`;
        const record = { sid, auth: req.headers.authorization, path: req.url ?? '', form };
        this.requests.push(record);
        const failure = this.failures.shift();
        res.setHeader('content-type', 'application/json');
        if (failure && failure >= 500) {
          res.statusCode = failure;
          res.end(JSON.stringify({ code: 20500, message: 'Internal Server Error', status: failure }));
          return;
        }
        if (failure) {
          res.statusCode = failure;
          res.end(
            JSON.stringify({
              code: 21211,
              message: `The 'To' number ${form.To} is not a valid phone number.`,
              status: failure,
            }),
          );
          return;
        }
        this.sent.push(record);
        if (this.loseAnswers > 0) {
          // Taken, but the answer never arrives (a timeout, a dropped connection).
          this.loseAnswers--;
          req.socket.destroy();
          return;
        }
        const answer = () => {
          res.statusCode = 201;
          res.end(JSON.stringify({ sid, status: 'queued', to: form.To, from: form.From, body: form.Body }));
        };
        const early = this.early.shift();
        if (!early) return answer();
        // Twilio may call back before the sender has read its answer: the callback lands first.
        void this.sendStatus(record, early.status, early.reachAt).then((r) => {
          this.earlyAnswers.push(r.status);
          answer();
        }, answer);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  env(): Record<string, string> {
    return {
      TWILIO_ACCOUNT_SID: TWILIO.sid,
      TWILIO_AUTH_TOKEN: TWILIO.token,
      TWILIO_FROM: TWILIO.from,
      TWILIO_API_BASE: this.url,
    };
  }

  failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  private loseAnswers = 0;
  /** The next message is taken (and listed) but its answer is lost: the sender sees a network error. */
  loseAnswerNext(): void {
    this.loseAnswers++;
  }

  /** What was searched for (`GET Messages.json`): the query strings. */
  readonly searches: string[] = [];

  /** `GET Messages.json?To&From&PageSize`: the newest messages first, as Twilio lists them. */
  private list(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.searches.push(url.search);
    const to = url.searchParams.get('To');
    const from = url.searchParams.get('From');
    const size = Number(url.searchParams.get('PageSize') ?? 50);
    const messages = [...this.sent]
      .reverse()
      .filter((m) => (!to || m.form.To === to) && (!from || m.form.From === from))
      .slice(0, size)
      .map((m) => ({ sid: m.sid, to: m.form.To, from: m.form.From, body: m.form.Body, status: 'sent' }));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ messages, page_size: size }));
  }

  private readonly early: { status: string; reachAt: string }[] = [];
  /** What our webhook answered to the callbacks sent before the REST answer (`callBackFirst`). */
  readonly earlyAnswers: number[] = [];
  /** The next message's status callback reaches the server BEFORE the REST API answers it. */
  callBackFirst(status: string, reachAt: string): void {
    this.early.push({ status, reachAt });
  }

  /**
   * Calls back like Twilio: POSTs the form over HTTP, signed over the StatusCallback URL the server
   * gave (its PUBLIC_URL), to `reachAt` (where the server really listens, as behind a proxy).
   */
  async sendStatus(record: SentSms, status: string, reachAt: string): Promise<Response> {
    const callbackUrl = record.form.StatusCallback!;
    const params = {
      AccountSid: TWILIO.sid,
      MessageSid: record.sid,
      MessageStatus: status,
      To: record.form.To!,
    };
    const given = new URL(callbackUrl);
    const target = new URL(given.pathname + given.search, reachAt);
    return fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO.token, callbackUrl, params),
      },
      body: new URLSearchParams(params),
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** POSTs a form to one of our webhooks as Twilio would, signed with the `twilio` package. */
export function postSigned(
  app: FastifyInstance,
  path: string,
  params: Record<string, string>,
  options: { token?: string; signature?: string } = {},
) {
  const signature =
    options.signature ??
    twilio.getExpectedTwilioSignature(options.token ?? TWILIO.token, `${PUBLIC_URL}${path}`, params);
  return app.inject({
    method: 'POST',
    url: path,
    payload: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  });
}

export const statusCallback = (app: FastifyInstance, sid: string, status: string, errorCode?: string) =>
  postSigned(app, '/api/v1/webhooks/sms/status', {
    AccountSid: TWILIO.sid,
    MessageSid: sid,
    MessageStatus: status,
    ...(errorCode ? { ErrorCode: errorCode } : {}),
  });
