import { InputError } from '../../core/errors.ts';
import { describeValue, isObject, type JsonObject } from './fields.ts';
import { LOOKUP_KINDS, OBJECT_NAMES, TOP_KINDS, type ObjectKind, type StripeInput } from './input.ts';

const KINDS: readonly ObjectKind[] = [...TOP_KINDS, ...LOOKUP_KINDS];
const KIND_BY_OBJECT = new Map(KINDS.map((kind) => [OBJECT_NAMES[kind], kind]));

interface PageState {
  pages: number;
  lastPageSeen: boolean;
  file: string;
}

/**
 * Gathers Stripe list objects, as the API returns them, from parsed export files into one input:
 * `{customers, subscriptions, invoices, ...}` of lists (or arrays of list pages), an array of list pages,
 * or a single list. Pages of the same list may be spread over files; objects met twice must be identical.
 */
export class ExportCollector {
  readonly input: StripeInput;
  private readonly pages = new Map<ObjectKind, PageState>();
  private readonly seen = new Map<string, { json: string; file: string }>();

  constructor(input: StripeInput) {
    this.input = input;
  }

  add(parsed: unknown, file: string): void {
    if (Array.isArray(parsed)) {
      parsed.forEach((element, i) => {
        this.addListOrObject(element, file, `[${i}]`, undefined);
      });
    } else if (isObject(parsed) && typeof parsed.object === 'string') {
      this.addListOrObject(parsed, file, '', undefined);
    } else if (isObject(parsed)) {
      for (const [key, value] of Object.entries(parsed)) {
        const kind = KINDS.find((k) => k === key);
        if (kind === undefined) {
          throw new InputError({ file }, key, `one of ${KINDS.join(', ')} (Stripe lists by kind)`);
        }
        if (Array.isArray(value)) {
          value.forEach((element, i) => {
            this.addListOrObject(element, file, `${key}[${i}]`, kind);
          });
        } else {
          this.addListOrObject(value, file, key, kind);
        }
      }
    } else {
      throw new InputError({ file }, undefined, 'a Stripe list object, an array of them, or an object of them by kind');
    }
  }

  /** Refuses an export whose lists stop early: some page must be the last one (`has_more: false`). */
  finish(): StripeInput {
    for (const [kind, state] of this.pages) {
      if (!state.lastPageSeen) {
        throw new InputError(
          { file: state.file },
          'has_more',
          `the last page of the ${kind} list (has_more false) among its ${state.pages} page(s): the export stops early`,
          'true',
        );
      }
    }
    return this.input;
  }

  private addListOrObject(value: unknown, file: string, path: string, expected: ObjectKind | undefined): void {
    if (isObject(value) && value.object === 'list') {
      this.addList(value, file, path, expected);
      return;
    }
    const name = isObject(value) && typeof value.object === 'string' ? value.object : undefined;
    const kind = name === undefined ? undefined : KIND_BY_OBJECT.get(name);
    if (kind === undefined || (expected !== undefined && kind !== expected)) {
      const wanted =
        expected === undefined ? 'a Stripe list object' : `a ${expected} list or ${OBJECT_NAMES[expected]} object`;
      throw new InputError({ file }, path || undefined, wanted, describeValue(name ?? value));
    }
    this.addObject(kind, value as JsonObject, file);
  }

  private addList(list: JsonObject, file: string, path: string, expected: ObjectKind | undefined): void {
    const at = (field: string) => (path === '' ? field : `${path}.${field}`);
    const data = list.data;
    if (!Array.isArray(data)) throw new InputError({ file }, at('data'), 'an array', describeValue(data));
    const hasMore = list.has_more ?? false;
    if (typeof hasMore !== 'boolean')
      throw new InputError({ file }, at('has_more'), 'true or false', describeValue(hasMore));
    const url = typeof list.url === 'string' ? list.url : '';
    const objects = data.map((element, i) => {
      if (!isObject(element)) throw new InputError({ file }, at(`data[${i}]`), 'an object', describeValue(element));
      return element;
    });

    const child = childListOf(url, objects);
    if (child !== null && expected === undefined) {
      const pages = child.kind === 'lines' ? this.input.invoiceLinePages : this.input.subscriptionItemPages;
      if (child.parentId === null) throw new InputError({ file }, at('url'), 'the parent id in the list url', url);
      pages.push({ file, parentId: child.parentId, data: objects, hasMore });
      return;
    }

    const kind = expected ?? kindFromUrl(url) ?? kindFromObject(objects[0]);
    if (kind === undefined) {
      if (objects.length === 0) return;
      throw new InputError({ file }, at('url'), `a list of one of ${KINDS.join(', ')}`, url || undefined);
    }
    const state = this.pages.get(kind) ?? { pages: 0, lastPageSeen: false, file };
    this.pages.set(kind, { pages: state.pages + 1, lastPageSeen: state.lastPageSeen || !hasMore, file });
    for (const object of objects) {
      if (object.object !== OBJECT_NAMES[kind]) {
        const id = typeof object.id === 'string' ? object.id : undefined;
        throw new InputError(
          { file, objectId: id },
          'object',
          `"${OBJECT_NAMES[kind]}" in a ${kind} list`,
          describeValue(object.object),
        );
      }
      this.addObject(kind, object, file);
    }
  }

  private addObject(kind: ObjectKind, value: JsonObject, file: string): void {
    const id = value.id;
    if (typeof id !== 'string' || id === '') {
      throw new InputError({ file }, 'id', `the ${OBJECT_NAMES[kind]}'s id`, describeValue(id));
    }
    const json = JSON.stringify(value);
    const key = `${kind}\u0000${id}`;
    const before = this.seen.get(key);
    if (before !== undefined) {
      if (before.json === json) return;
      throw new InputError(
        { file, objectId: id },
        undefined,
        `each ${OBJECT_NAMES[kind]} once, or identical copies (it differs from the copy in ${before.file})`,
      );
    }
    this.seen.set(key, { json, file });
    this.input[kind].push({ file, value });
  }
}

function kindFromUrl(url: string): ObjectKind | undefined {
  const match = /^\/v1\/([a-z_]+)\/?(?:\?|$)/.exec(url);
  return KINDS.find((k) => k === match?.[1]);
}

function kindFromObject(object: JsonObject | undefined): ObjectKind | undefined {
  return typeof object?.object === 'string' ? KIND_BY_OBJECT.get(object.object) : undefined;
}

/** An invoice's `/v1/invoices/{id}/lines` page, or a `/v1/subscription_items?subscription=` page. */
function childListOf(
  url: string,
  objects: readonly JsonObject[],
): { kind: 'lines' | 'items'; parentId: string | null } | null {
  const lines = /^\/v1\/invoices\/([^/?]+)\/lines/.exec(url);
  if (lines) return { kind: 'lines', parentId: decodeURIComponent(lines[1] ?? '') || null };
  if (url.startsWith('/v1/subscription_items')) {
    const fromQuery = new URLSearchParams(url.split('?')[1] ?? '').get('subscription');
    const fromObject = objects[0]?.subscription;
    return { kind: 'items', parentId: fromQuery ?? (typeof fromObject === 'string' ? fromObject : null) };
  }
  const first = objects[0];
  if (first?.object === 'line_item') {
    return { kind: 'lines', parentId: typeof first.invoice === 'string' ? first.invoice : null };
  }
  if (first?.object === 'subscription_item') {
    return { kind: 'items', parentId: typeof first.subscription === 'string' ? first.subscription : null };
  }
  return null;
}
