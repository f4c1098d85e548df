// The value report as an A4 PDF (pdfkit), drawn from the same view as the HTML page. A CJK-capable font is
// embedded when the system has one (names of Chinese customers and metrics print), else Helvetica.
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { safeColor } from '../../core/value/html.ts';
import type { ReportView, ViewTable } from '../../core/value/view.ts';

const CJK_FONTS = [
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', undefined],
] as const;

const MARGIN = 48;

/** The first CJK font present, or null (then Helvetica, which cannot draw arrows or CJK). */
function cjkFont(): { path: string; family: string | undefined } | null {
  for (const [path, family] of CJK_FONTS) if (fs.existsSync(path)) return { path, family };
  return null;
}

type Doc = InstanceType<typeof PDFDocument>;

function drawTable(doc: Doc, t: ViewTable, color: string, plain: (s: string) => string) {
  doc.moveDown(0.8).fillColor(color).fontSize(13).text(plain(t.heading), MARGIN);
  doc.moveDown(0.3).fillColor('#1d2330').fontSize(8.5);
  const width = doc.page.width - 2 * MARGIN;
  const n = t.columns.length;
  if (n > 0 && t.rows.length > 0) {
    // The first and last columns carry words; the ones between carry figures.
    const weights = t.columns.map((_, i) => (i === 0 ? 3 : i === n - 1 && n > 2 ? 3 : 1.4));
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (w / total) * width);
    const drawRow = (cells: string[], bold: boolean) => {
      const texts = cells.map(plain);
      const height = Math.max(...texts.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 40) - 6 }))) + 6;
      if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
      const y = doc.y;
      if (bold)
        doc
          .rect(MARGIN, y - 2, width, height)
          .fill('#f1f3f6')
          .fillColor('#1d2330');
      let x = MARGIN;
      texts.forEach((c, i) => {
        doc.text(c, x + 3, y, { width: (widths[i] ?? 40) - 6 });
        x += widths[i] ?? 40;
      });
      doc
        .moveTo(MARGIN, y + height - 2)
        .lineTo(MARGIN + width, y + height - 2)
        .strokeColor('#e4e7ec')
        .stroke();
      doc.x = MARGIN;
      doc.y = y + height;
    };
    drawRow(t.columns, true);
    for (const row of t.rows) drawRow(row, false);
  }
  if (t.note) doc.moveDown(0.3).fillColor('#555555').fontSize(8).text(plain(t.note), MARGIN, doc.y, { width });
}

/** Renders the view as a PDF and resolves to its bytes. */
export function renderValuePdf(view: ReportView): Promise<Buffer> {
  const color = safeColor(view.brandColor);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: view.title, ...(view.company ? { Author: view.company } : {}) },
  });
  const font = cjkFont();
  if (font) {
    doc.registerFont('report', font.path, font.family);
    doc.font('report');
  } else doc.font('Helvetica');
  // Helvetica's encoding has no arrow; everything else the view prints is in it.
  const plain = (s: string) => (font ? s : s.replace(/→/g, '->'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  doc.rect(0, 0, doc.page.width, 8).fill(color);
  // With no company name the header is the title alone (no sender is named rather than a wrong one).
  if (view.company) doc.fillColor(color).fontSize(10).text(plain(view.company.toUpperCase()), MARGIN, MARGIN);
  doc.fillColor('#1d2330').fontSize(20).text(plain(view.title), { width });
  doc.fillColor('#555555').fontSize(10).text(plain(view.periodLine), { width });
  doc.moveDown(0.8).fillColor('#1d2330').fontSize(10);
  for (const k of view.kpis) doc.text(`${plain(k.label)}: ${plain(k.value)}`, { width });
  for (const t of view.tables) drawTable(doc, t, color, plain);
  doc.moveDown(0.8).fillColor(color).fontSize(13).text('Where these figures come from', MARGIN);
  doc.fillColor('#555555').fontSize(8);
  for (const s of view.sources) doc.text(`• ${plain(s)}`, MARGIN, doc.y, { width });
  doc.end();
  return done;
}
