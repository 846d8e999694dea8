import { PermanentJobError } from '../jobs/worker';
import type { SmsMessage, SmsSender, SmsStatus } from './sms-sender';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  from: string;
  /** `https://api.twilio.com`, or a compatible server (tests run one on loopback). */
  apiBase: string;
  timeoutMs?: number;
}

/** The provider refused the message for good (a 4xx): retrying cannot help. */
export class SmsRejectedError extends PermanentJobError {}

/** Twilio's message statuses, mapped onto Parley's. Unknown ones map to nothing. */
export function twilioStatus(status: string | undefined): SmsStatus | undefined {
  switch (status) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'sending':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return undefined;
  }
}

/**
 * The Twilio REST API (`POST /2010-04-01/Accounts/{SID}/Messages.json`, HTTP basic auth). Network
 * errors and 5xx throw a plain Error (the job retries with backoff); a 4xx throws `SmsRejectedError`
 * carrying the provider's code and message.
 */
export class TwilioSmsSender implements SmsSender {
  readonly kind = 'twilio';
  constructor(private readonly options: TwilioOptions) {}

  private get messagesUrl() {
    const { accountSid, apiBase } = this.options;
    return `${apiBase.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  }

  private get headers() {
    const { accountSid, authToken } = this.options;
    return {
      authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      accept: 'application/json',
    };
  }

  async send(message: SmsMessage): Promise<{ providerId: string; status: SmsStatus }> {
    const form = new URLSearchParams({ To: message.to, From: this.options.from, Body: message.body });
    if (message.statusCallback) form.set('StatusCallback', message.statusCallback);
    const response = await fetch(this.messagesUrl, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    const json = parseJson(text);
    if (response.status >= 400 && response.status < 500) {
      const code = json?.code === undefined ? '' : ` ${String(json.code)}`;
      const detail = typeof json?.message === 'string' ? json.message : text.slice(0, 300);
      throw new SmsRejectedError(`Twilio refused the SMS (HTTP ${response.status}${code}): ${detail}`);
    }
    if (!response.ok) throw new Error(`Twilio answered HTTP ${response.status}`);
    if (typeof json?.sid !== 'string') throw new Error('Twilio answered without a message sid');
    return {
      providerId: json.sid,
      status: twilioStatus(typeof json.status === 'string' ? json.status : undefined) ?? 'queued',
    };
  }

  /** `GET Messages.json?To&From`: the newest messages to that number, searched for this exact text. */
  async findSent(message: Pick<SmsMessage, 'to' | 'body'>) {
    const query = new URLSearchParams({
      To: message.to,
      From: this.options.from,
      PageSize: String(FIND_PAGE_SIZE),
    });
    const response = await fetch(`${this.messagesUrl}?${query}`, {
      headers: this.headers,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    if (!response.ok) throw new Error(`Twilio answered HTTP ${response.status} to a message search`);
    const list = parseJson(await response.text())?.messages;
    if (!Array.isArray(list)) throw new Error('Twilio answered a message search without `messages`');
    const found = (list as TwilioListedMessage[]).find(
      (m) => typeof m.sid === 'string' && m.body === message.body,
    );
    if (!found) return undefined;
    return {
      providerId: found.sid as string,
      status: twilioStatus(typeof found.status === 'string' ? found.status : undefined) ?? 'queued',
    };
  }
}

/** How far back a retry looks for its own message: the newest messages to that number. */
const FIND_PAGE_SIZE = 50;

export interface TwilioListedMessage {
  sid?: unknown;
  body?: unknown;
  status?: unknown;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
