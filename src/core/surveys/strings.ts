// What a person answering a survey reads around the question, in the survey's language (English otherwise).
// Add a language with one entry; the question itself is the survey's own text.
import type { SurveyKind } from './metrics.ts';

export interface SurveyStrings {
  title: string;
  low: Record<SurveyKind, string>;
  high: Record<SurveyKind, string>;
  comment: string;
  submit: string;
  dismiss: string;
  thanks: string;
  dismissed: string;
  alreadyAnswered: string;
  expired: string;
  invalid: string;
  closed: string;
  chooseScore: string;
  emailSubject: string;
  emailIntro: string;
  emailButton: string;
  emailFooter: string;
}

const EN: SurveyStrings = {
  title: 'A quick question',
  low: { nps: 'Not at all likely', csat: 'Very dissatisfied', ces: 'Very difficult' },
  high: { nps: 'Extremely likely', csat: 'Very satisfied', ces: 'Very easy' },
  comment: 'Anything you would like to add? (optional)',
  submit: 'Send',
  dismiss: 'No thanks',
  thanks: 'Thank you! Your answer has been recorded.',
  dismissed: 'Understood: we will not ask you again for a while.',
  alreadyAnswered: 'This survey has already been answered. Thank you!',
  expired: 'This survey link has expired.',
  invalid: 'This survey link is not valid. Please check that you copied the whole link.',
  closed: 'This survey is closed.',
  chooseScore: 'Please choose a score before sending.',
  emailSubject: 'A quick question',
  emailIntro: 'We would value your answer to one question. It takes a few seconds.',
  emailButton: 'Answer the question',
  emailFooter: 'This link is personal and works once.',
};

const ZH_CN: SurveyStrings = {
  title: '一个简短的问题',
  low: { nps: '完全不可能', csat: '非常不满意', ces: '非常困难' },
  high: { nps: '极有可能', csat: '非常满意', ces: '非常容易' },
  comment: '还有什么想补充的吗？（可选）',
  submit: '提交',
  dismiss: '不用了，谢谢',
  thanks: '谢谢！您的回答已记录。',
  dismissed: '好的，我们近期不会再打扰您。',
  alreadyAnswered: '此问卷已经回答过了。谢谢！',
  expired: '此问卷链接已过期。',
  invalid: '此问卷链接无效，请确认您复制了完整的链接。',
  closed: '此问卷已关闭。',
  chooseScore: '请先选择一个分数再提交。',
  emailSubject: '一个简短的问题',
  emailIntro: '希望您能回答一个问题，只需几秒钟。',
  emailButton: '回答问题',
  emailFooter: '此链接仅供您本人使用，且只能使用一次。',
};

const BY_LANGUAGE: Record<string, SurveyStrings> = { en: EN, zh: ZH_CN, 'zh-cn': ZH_CN, 'zh-hans': ZH_CN };

/** The strings for a BCP 47 tag: the exact tag, else its primary language, else English. */
export function surveyStrings(language: string | null | undefined): SurveyStrings {
  const tag = (language ?? 'en').toLowerCase();
  return BY_LANGUAGE[tag] ?? BY_LANGUAGE[tag.split('-')[0] ?? 'en'] ?? EN;
}
