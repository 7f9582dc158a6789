/** Checks that a value is what its IOC type says, before anything is sent. */
import { isIP } from 'node:net';
import type { IocType } from '../lists/ioc-types.ts';

const MAX_HOSTNAME_CHARS = 253;
const MAX_EMAIL_CHARS = 254;
const MAX_LOCAL_PART_CHARS = 64;
// RFC 1035 §2.3.1 letter-digit-hyphen labels of 1 to 63 characters.
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
// RFC 5322 dot-atom local part (the quoted form is not accepted by mail filters in practice).
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;

export function isHostname(value: string): boolean {
  if (value.length > MAX_HOSTNAME_CHARS) return false;

  const labels = value.split('.');
  // An all-numeric last label would make 1.2.3.4 a host name; top-level domains are never numeric.
  const last = labels.at(-1) ?? '';
  return labels.every((label) => DNS_LABEL.test(label)) && !/^\d+$/.test(last);
}

export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.length > MAX_EMAIL_CHARS) return false;

  const localPart = value.slice(0, at);
  const domain = value.slice(at + 1);
  return (
    localPart.length <= MAX_LOCAL_PART_CHARS && LOCAL_PART.test(localPart) && isHostname(domain)
  );
}

export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0;
}

const CHECK_OF: Record<IocType, { test: (value: string) => boolean; expected: string }> = {
  'Recipient Email Address': { test: isEmailAddress, expected: 'an e-mail address' },
  'Sender Email Address': { test: isEmailAddress, expected: 'an e-mail address' },
  'Sender IP Address': { test: isIpAddress, expected: 'an IPv4 or IPv6 address' },
  'Sender Hostname': { test: isHostname, expected: 'a host name' },
  'Sender HELO Domain Name': { test: isHostname, expected: 'a domain name' },
  'Message Header From (Address Only)': { test: isEmailAddress, expected: 'an e-mail address' },
};

/** Why `value` is not a valid `type`, or `undefined` when it is. */
export function invalidReason(type: IocType, value: string): string | undefined {
  const check = CHECK_OF[type];
  return check.test(value) ? undefined : `not ${check.expected}`;
}
