/**
 * A PKCS#12 file and its password, read in the browser (the file and the key never leave it). The
 * caller's `onUse` gets the bytes and the password; a CertificateFileError is worded like login's.
 */
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { isMessageKey, useI18n } from '../../i18n';

interface Props {
  /** label of the file input (签名证书 / 加密证书) */
  fileLabel: string;
  submitLabel: string;
  busyLabel?: string;
  disabled?: boolean;
  onUse(file: ArrayBuffer, password: string): Promise<void>;
}

export function KeyFileForm({ fileLabel, submitLabel, busyLabel, disabled, onUse }: Props) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setError(t('login.certificateFileRequired'));
      return;
    }
    setError(null);
    setWorking(true);
    try {
      await onUse(await file.arrayBuffer(), password);
      setPassword('');
    } catch (e) {
      const code = (e as { code?: string }).code;
      const key = `loginError.${code}`;
      setError(code && isMessageKey(key) ? t(key) : `${t('hall.keyFailed')} ${(e as Error).message}`);
    } finally {
      setWorking(false);
    }
  };

  return (
    <form className="key-file-form" onSubmit={submit} noValidate aria-busy={working}>
      <div className="form-grid">
        <Field label={fileLabel} error={error ?? undefined}>
          <input type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <Field label={t('login.certificatePassword')}>
          <input type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={working || disabled}>
          {working ? (busyLabel ?? t('hall.working')) : submitLabel}
        </button>
      </div>
    </form>
  );
}
