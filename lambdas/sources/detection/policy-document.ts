/**
 * IAM policy documents as CloudTrail records them in `requestParameters`: a JSON string (sometimes still
 * URL-encoded, as the IAM query API receives it) or, from some SDKs, an object. Grammar:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import type { JsonRecord } from '../eventbridge-envelope';
import { isRecord, valueAt } from '../eventbridge-envelope';

/** The document as a JSON object, or undefined when it is not one in any of the recorded forms. */
export function policyDocumentOf(value: unknown): JsonRecord | undefined {
  if (isRecord(value)) return value;
  if (typeof value !== 'string') return undefined;
  return parseJsonObject(value) ?? parseJsonObject(urlDecoded(value));
}

/** The statements of a document: `Statement` may be one object or an array of them. */
export function statementsOf(document: JsonRecord): JsonRecord[] {
  const statement = valueAt(document, 'Statement');
  const all: unknown[] = Array.isArray(statement) ? statement : [statement];
  return all.filter(isRecord);
}

/**
 * Whether the document allows every action on every resource: `Action` `*` or `*:*`, `Resource` `*`.
 * `NotAction` with `Allow` can be as broad but is not recognized (see docs/detection-rules.md).
 */
export function grantsAdmin(document: JsonRecord): boolean {
  return statementsOf(document).some(
    (statement) =>
      valueAt(statement, 'Effect') === 'Allow' &&
      stringsOf(valueAt(statement, 'Action')).some((action) => action === '*' || action === '*:*') &&
      stringsOf(valueAt(statement, 'Resource')).includes('*'),
  );
}

/**
 * The AWS principals a trust policy lets assume the role, each with the account it belongs to (`*` for
 * anyone). Service and federated principals are left out: they name no other account.
 */
export function trustedAwsPrincipals(document: JsonRecord): { principal: string; account: string }[] {
  return statementsOf(document)
    .filter((statement) => valueAt(statement, 'Effect') === 'Allow')
    .flatMap((statement) => {
      const principal = valueAt(statement, 'Principal');
      return principal === '*' ? ['*'] : stringsOf(valueAt(principal, 'AWS'));
    })
    .map((principal) => ({ principal, account: accountOfPrincipal(principal) }))
    .filter((entry): entry is { principal: string; account: string } => entry.account !== undefined);
}

/** `123456789012`, `arn:aws:iam::123456789012:root|user/…|role/…`, or `*`; unique ids (AIDA…) name none. */
function accountOfPrincipal(principal: string): string | undefined {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

function stringsOf(value: unknown): string[] {
  const all: unknown[] = Array.isArray(value) ? value : [value];
  return all.filter((item): item is string => typeof item === 'string');
}

function parseJsonObject(text: string): JsonRecord | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function urlDecoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
