import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GuideView } from '../../../server/modules/temperature/temperature.contract.ts';

/**
 * The method as two inline drawings (no image files, so they scale with large text and cost no
 * request on a phone): a side view with the thermometer's height, a floor plan with the points
 * and their distances from the walls. The numbers come from the rulebook, never from the drawing.
 */
export function GuideDiagrams({ guide }: { guide: GuideView }) {
  const { t } = useTranslation('temperature');
  const text = { fontSize: 13, fill: 'currentColor' } as const;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} md={12}>
        <Card size="small" title={t('guide.diagramSide')}>
          <svg viewBox="0 0 300 200" width="100%" role="img" aria-label={t('guide.step2', { height: guide.heightM })}>
            <line x1="10" y1="180" x2="290" y2="180" stroke="#8c8c8c" strokeWidth="3" />
            <text x="14" y="196" {...text}>{t('guide.floor')}</text>
            <rect x="20" y="120" width="50" height="60" fill="#f5f5f5" stroke="#bfbfbf" />
            <line x1="150" y1="180" x2="150" y2="70" stroke="#595959" strokeWidth="2" />
            <rect x="140" y="52" width="20" height="36" rx="8" fill="#fff1f0" stroke="#cf1322" strokeWidth="2" />
            <circle cx="150" cy="80" r="5" fill="#cf1322" />
            <line x1="200" y1="180" x2="200" y2="70" stroke="#1677ff" strokeWidth="1.5" strokeDasharray="4 3" />
            <line x1="192" y1="70" x2="208" y2="70" stroke="#1677ff" strokeWidth="1.5" />
            <text x="212" y="130" {...text} fill="#1677ff">{guide.heightM} m</text>
            <text x="212" y="148" {...text} fill="#8c8c8c">({guide.selfCheckHeightM[0]}–{guide.selfCheckHeightM[1]} m)</text>
          </svg>
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('guide.diagramPlan')}>
          <svg viewBox="0 0 300 200" width="100%" role="img" aria-label={t('guide.step3', { outer: guide.outerWallMinM, inner: guide.innerWallMinM })}>
            <rect x="20" y="20" width="260" height="160" fill="none" stroke="#595959" strokeWidth="3" />
            <line x1="20" y1="20" x2="280" y2="20" stroke="#1677ff" strokeWidth="6" />
            <rect x="110" y="14" width="80" height="12" fill="#e6f4ff" stroke="#1677ff" />
            <text x="24" y="14" {...text} fill="#1677ff">{t('guide.outerWall')}</text>
            <text x="230" y="195" {...text}>{t('guide.innerWall')}</text>
            {[[150, 100], [95, 70], [205, 70], [95, 140], [205, 140]].map(([x, y], i) => (
              <circle key={i} cx={x} cy={y} r={i === 0 ? 8 : 6} fill={i === 0 ? '#cf1322' : '#ffa39e'} stroke="#cf1322" />
            ))}
            <line x1="150" y1="22" x2="150" y2="92" stroke="#1677ff" strokeDasharray="4 3" />
            <text x="156" y="55" {...text} fill="#1677ff">≥ {guide.outerWallMinM} m</text>
            <line x1="22" y1="100" x2="142" y2="100" stroke="#389e0d" strokeDasharray="4 3" />
            <text x="30" y="116" {...text} fill="#389e0d">≥ {guide.innerWallMinM} m</text>
          </svg>
        </Card>
      </Col>
    </Row>
  );
}
