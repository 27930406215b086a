/**
 * Distributed credential stuffing, across accounts of one AWS account's console: one failed sign-in
 * per user from hundreds of addresses looks normal per user and is obvious together (the lesson of
 * a 43,387-account attack from 700 IPs). Pure: reads the sign-ins an incident keeps.
 */
import type { SignIn } from './incident';

export interface StuffingThresholds {
  minUsers: number;
  minIps: number;
  windowMinutes: number;
}

export interface Stuffing {
  failures: number;
  users: number;
  ips: string[];
  from: string;
  to: string;
}

/** The densest burst of failures in any window ending at a failure, if it crosses both thresholds. */
export function detectStuffing(signIns: readonly SignIn[], t: StuffingThresholds): Stuffing | undefined {
  const failures = signIns.filter((s) => !s.ok).sort((a, b) => a.at.localeCompare(b.at));
  const span = t.windowMinutes * 60_000;
  let start = 0;
  let best: Stuffing | undefined;
  for (let end = 0; end < failures.length; end++) {
    const endAt = Date.parse((failures[end] as SignIn).at);
    while (Date.parse((failures[start] as SignIn).at) < endAt - span) start++;
    const window = failures.slice(start, end + 1);
    const users = new Set(window.map((f) => f.user)).size;
    const ips = [...new Set(window.map((f) => f.ip))];
    if (users >= t.minUsers && ips.length >= t.minIps && (!best || window.length > best.failures)) {
      best = {
        failures: window.length,
        users,
        ips,
        from: (window[0] as SignIn).at,
        to: (failures[end] as SignIn).at,
      };
    }
  }
  return best;
}

/** A successful sign-in from one of the stuffing addresses, after the burst began. */
export function successFromStuffing(signIns: readonly SignIn[], stuffing: Stuffing): SignIn[] {
  const ips = new Set(stuffing.ips);
  return signIns.filter((s) => s.ok && ips.has(s.ip) && s.at >= stuffing.from);
}
