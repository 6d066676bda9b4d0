/** A form's errors that belong to no single field: one alert paragraph each, worded by `describe`. */
import type { ReactNode } from 'react';

export function FormErrors<E extends { code: string; message: string }>({ errors, describe }: { errors: readonly E[]; describe(error: E): ReactNode }) {
  return (
    <>
      {errors.map((e, i) => (
        <p key={`${e.code}-${i}`} className="form-error" role="alert">
          {describe(e)}
        </p>
      ))}
    </>
  );
}
