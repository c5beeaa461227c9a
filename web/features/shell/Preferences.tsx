import { Button, Flex } from 'antd';
import { FontSizeOutlined, TranslationOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../../i18n.ts';
import { useLargeText } from '../../ui/LargeText.tsx';

/**
 * Language and large-text switches, on every page including sign-in (a resident may need the
 * large text before they can read the sign-in form). `compact` drops the words on phones.
 */
export function Preferences({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation('shell');
  const { large, setLarge } = useLargeText();
  const other = currentLanguage() === 'en' ? 'zh-CN' : 'en';
  return (
    <Flex gap={8} align="center">
      <Button
        type="text"
        icon={<TranslationOutlined />}
        title={t('prefs.language')}
        lang={other}
        onClick={() => void setLanguage(other)}
      >
        {other === 'en' ? t('prefs.en') : t('prefs.zh')}
      </Button>
      <Button
        type={large ? 'primary' : 'text'}
        icon={<FontSizeOutlined />}
        aria-pressed={large}
        aria-label={t('prefs.largeText')}
        title={t('prefs.largeText')}
        onClick={() => setLarge(!large)}
      >
        {compact ? null : t('prefs.largeText')}
      </Button>
    </Flex>
  );
}
