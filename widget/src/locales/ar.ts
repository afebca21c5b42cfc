import type { CoreStrings, PartStrings } from './strings';

export default {
  next: 'التالي',
  send: 'إرسال',
  close: 'إغلاق',
  thanks: 'شكرًا على ملاحظاتك!',
  npsLow: 'غير محتمل إطلاقًا',
  npsHigh: 'محتمل جدًا',
  of: 'من',
  need: 'أجب عن هذا السؤال للمتابعة',
} satisfies CoreStrings as CoreStrings;

/** The words only the popup's parts use (ui/parts.ts), added to its chunk with them. */
export const more: PartStrings = {
  faces: ['غير راضٍ جدًا', 'غير راضٍ', 'راضٍ', 'راضٍ جدًا'],
  up: 'أعجبني',
  down: 'لم يعجبني',
  email: 'البريد الإلكتروني',
  changes: 'اطّلع على ما غيّرناه',
};
