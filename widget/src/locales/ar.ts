import type { Strings } from './strings';

export default {
  next: 'التالي',
  send: 'إرسال',
  close: 'إغلاق',
  thanks: 'شكرًا على ملاحظاتك!',
  faces: ['غير راضٍ جدًا', 'غير راضٍ', 'راضٍ', 'راضٍ جدًا'],
  up: 'أعجبني',
  down: 'لم يعجبني',
  email: 'البريد الإلكتروني',
  npsLow: 'غير محتمل إطلاقًا',
  npsHigh: 'محتمل جدًا',
  of: 'من',
  changes: 'اطّلع على ما غيّرناه',
  need: 'أجب عن هذا السؤال للمتابعة',
} satisfies Strings as Strings;
