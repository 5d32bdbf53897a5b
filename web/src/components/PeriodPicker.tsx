import { Field, Label, Select } from "@digdir/designsystemet-react";
import { common } from "../i18n/common.js";
import { useLang, useT } from "../i18n/i18n.js";
import { periodLabel, periodsBack, today, type Grain } from "../periods.js";

const GRAINS: Grain[] = ["year", "tertial", "quarter", "month"];

/** Chooses a period: years, tertials, quarters and months that have ended, newest first. */
export function PeriodPicker({ value, onChange, fromYear = 2023, id = "period" }: { value: string; onChange: (p: string) => void; fromYear?: number; id?: string }) {
  const t = useT(common);
  const { lang } = useLang();
  const now = today();
  return (
    <Field className="period-picker">
      <Label htmlFor={id}>{t("period")}</Label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} width="auto">
        {GRAINS.map((g) => (
          <optgroup key={g} label={t(`grain_${g}`)}>
            {periodsBack(g, now, fromYear).map((p) => (
              <option key={p} value={p}>
                {periodLabel(p, lang)}
              </option>
            ))}
          </optgroup>
        ))}
      </Select>
    </Field>
  );
}
