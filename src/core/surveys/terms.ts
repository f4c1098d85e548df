// Comment text: words by Intl.Segmenter (so Chinese, which has no spaces, splits into words), search, and the
// most frequent terms per NPS category. Pure.
import type { NpsCategory } from './metrics.ts';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** English stop words and Chinese particles, pronouns and fillers: frequent in every comment, telling nothing. */
const STOP_WORDS = new Set(
  (
    'a an the and or but if then so to of in on at by for with from as is are was were be been being am do does did ' +
    'it its this that these those there here i me my we our us you your he she they them their his her not no yes ' +
    'very too just also really can could would should will shall may might must have has had get got about more most ' +
    'some any all what which who when where why how than into out up down over again only own same other such ' +
    "i'm it's don't can't isn't wasn't doesn't didn't let's already still ever even bit lot much many one two every " +
    'each few after before since while keep keeps take takes set fine ' +
    '的 了 是 在 和 也 都 很 吗 呢 吧 啊 呀 哦 嗯 就 还 又 而 与 及 或 但 但是 因为 所以 如果 然后 我 我们 你 你们 他 她 它 他们 ' +
    '这 那 这个 那个 这些 那些 有 没有 不 没 会 能 要 把 被 让 给 对 从 向 个 些 上 下 中 里 得 地 着 过 比较 非常 一个 一些 就是 还是'
  ).split(' '),
);

const HAS_LETTER = /[\p{L}\p{N}]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Words of a text: segmented, lower-case, punctuation and spaces dropped (stop words kept). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text.normalize('NFKC').toLowerCase())) {
    if (s.isWordLike && HAS_LETTER.test(s.segment)) out.push(s.segment);
  }
  return out;
}

/** Words worth counting or searching: stop words and single Latin letters dropped. */
export function terms(text: string): string[] {
  return words(text).filter((w) => !STOP_WORDS.has(w) && (w.length > 1 || CJK.test(w)));
}

/**
 * A search of comments: true when every term of the query is in the comment. A term matches a word of the
 * comment; a Chinese term also matches inside a longer word ("慢" in "太慢"), as segmentations differ.
 * A query of stop words only matches on its words.
 */
export function commentMatcher(query: string): (comment: string | null) => boolean {
  const wanted = terms(query);
  const needles = wanted.length > 0 ? wanted : words(query);
  if (needles.length === 0) return () => true;
  return (comment) => {
    if (comment === null) return false;
    const normalized = comment.normalize('NFKC').toLowerCase();
    const have = new Set(words(normalized));
    return needles.every((n) => have.has(n) || (CJK.test(n) && normalized.includes(n)));
  };
}

export interface CommentedAnswer {
  responseId: string;
  score: number;
  comment: string;
  respondedAt: string;
  category: NpsCategory;
}

export interface TermCount {
  term: string;
  /** Comments using the term (each comment counts once). */
  count: number;
  /** Share of the category's comments using it. */
  share: number;
  /** Up to three comments using it, latest first. */
  examples: { responseId: string; score: number; comment: string; respondedAt: string }[];
}

export interface CategoryTerms {
  category: NpsCategory;
  comments: number;
  terms: TermCount[];
}

/**
 * The `limit` terms used by the most comments of each category (ties: alphabetical), with examples. Single
 * characters are left out: in Chinese they are mostly fragments the segmenter could not place.
 */
export function topTermsByCategory(answers: readonly CommentedAnswer[], limit = 15): CategoryTerms[] {
  return (['detractor', 'passive', 'promoter'] as const).map((category) => {
    const own = answers.filter((a) => a.category === category);
    const using = new Map<string, CommentedAnswer[]>();
    for (const a of own) {
      for (const t of new Set(terms(a.comment).filter((w) => w.length > 1))) {
        const list = using.get(t);
        if (list) list.push(a);
        else using.set(t, [a]);
      }
    }
    const ranked = [...using]
      .sort(([ta, a], [tb, b]) => b.length - a.length || (ta < tb ? -1 : ta > tb ? 1 : 0))
      .slice(0, limit);
    return {
      category,
      comments: own.length,
      terms: ranked.map(([term, list]) => ({
        term,
        count: list.length,
        share: list.length / own.length,
        examples: [...list]
          .sort((a, b) => (a.respondedAt < b.respondedAt ? 1 : a.respondedAt > b.respondedAt ? -1 : 0))
          .slice(0, 3)
          .map(({ responseId, score, comment, respondedAt }) => ({ responseId, score, comment, respondedAt })),
      })),
    };
  });
}
