import { Checkbox, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { SELF_CHECKS, type SelfCheck } from '../../../server/modules/temperature/temperature.contract.ts';

/** The self-check list (bleed air, valve open, not covered, windows closed), read-only or to tick. */
export function SelfCheckList({ value, onChange }: { value?: SelfCheck; onChange?: (v: SelfCheck) => void }) {
  const { t } = useTranslation('temperature');
  if (!onChange) {
    return (
      <ol style={{ margin: 0, paddingInlineStart: '1.4em', lineHeight: 1.9 }}>
        {SELF_CHECKS.map((k) => <li key={k}>{t(`guide.selfCheck.${k}`)}</li>)}
      </ol>
    );
  }
  return (
    <Flex vertical gap={8}>
      {SELF_CHECKS.map((k) => (
        <Checkbox
          key={k}
          checked={value?.[k] ?? false}
          onChange={(e) => value && onChange({ ...value, [k]: e.target.checked })}
          style={{ fontSize: '1.05em' }}
        >
          {t(`guide.selfCheck.${k}`)}
        </Checkbox>
      ))}
    </Flex>
  );
}
