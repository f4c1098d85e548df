import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commentMatcher, terms, topTermsByCategory, words } from './terms.ts';

describe('comment words', () => {
  it('segments Chinese, lower-cases, drops punctuation, stop words and particles', () => {
    assert.deepEqual(words('报表导出太慢了！'), ['报表', '导出', '太慢', '了']);
    assert.deepEqual(terms('报表导出太慢了！'), ['报表', '导出', '太慢']);
    assert.deepEqual(terms('The Export is SLOW, and buggy.'), ['export', 'slow', 'buggy']);
  });

  it('finds Chinese comments by a word, inside longer words, and English ones whatever the case', () => {
    const search = commentMatcher('报表');
    assert.equal(search('报表导出太慢了'), true);
    assert.equal(search('产品很好用'), false);
    assert.equal(commentMatcher('慢')('报表导出太慢了'), true);
    assert.equal(commentMatcher('报表 导出')('导出的报表不对'), true);
    assert.equal(commentMatcher('报表 续约')('导出的报表不对'), false);
    assert.equal(commentMatcher('export')('Exports are slow; EXPORT fails'), true);
    assert.equal(commentMatcher('export')(null), false);
    assert.equal(commentMatcher('  ')('anything'), true);
  });
});

describe('terms per category', () => {
  it('counts each comment once per term and gives the latest examples', () => {
    const answer = (id: string, score: number, comment: string, day: string) => ({
      responseId: id,
      score,
      comment,
      respondedAt: `${day}T00:00:00.000Z`,
      category: score >= 9 ? ('promoter' as const) : score >= 7 ? ('passive' as const) : ('detractor' as const),
    });
    const [detractors, passives, promoters] = topTermsByCategory(
      [
        answer('d1', 2, '报表导出太慢了，报表经常出错', '2026-01-01'),
        answer('d2', 4, '报表不准', '2026-02-01'),
        answer('d3', 5, 'slow exports', '2026-03-01'),
        answer('p1', 10, '客户支持很及时', '2026-01-05'),
      ],
      2,
    );
    assert.equal(detractors?.category, 'detractor');
    assert.equal(detractors?.comments, 3);
    assert.deepEqual(detractors?.terms[0]?.term, '报表');
    assert.deepEqual(detractors?.terms[0]?.count, 2);
    assert.deepEqual(
      detractors?.terms[0]?.examples.map((e) => e.responseId),
      ['d2', 'd1'],
    );
    assert.equal(detractors?.terms.length, 2);
    assert.deepEqual([passives?.comments, passives?.terms], [0, []]);
    assert.deepEqual(
      promoters?.terms.map((t) => t.term),
      ['及时', '客户'],
    );
  });
});
