import { Card, ErrorSummary, Heading } from "@digdir/designsystemet-react";
import { useCallback, useState, type FormEvent, type MouseEvent, type ReactNode } from "react";

/** A fault in one field of a form: the control's id, its label, and what is wrong. */
export interface FieldProblem {
  target: string;
  label: string;
  message: string;
  /** The message's language, when it is the server's own (English) words. */
  lang?: string;
}

/** The fault for one control, for its own `error` text beside it. */
export const problemAt = (problems: FieldProblem[], target: string): string | undefined => problems.find((p) => p.target === target)?.message;

/**
 * A form's faults from its last attempt. `show(found)` lists them (or clears the list) and says
 * whether there were none, so a submit handler reads `if (show(found)) send()`; `clear()` forgets
 * them when the form starts afresh.
 */
export function useFormProblems() {
  const [state, setState] = useState<{ problems: FieldProblem[]; attempt: number }>({ problems: [], attempt: 0 });
  const show = useCallback((problems: FieldProblem[]) => {
    setState((s) => ({ problems, attempt: s.attempt + 1 }));
    return problems.length === 0;
  }, []);
  const clear = useCallback(() => setState((s) => (s.problems.length === 0 ? s : { problems: [], attempt: s.attempt })), []);
  return { problems: state.problems, attempt: state.attempt, show, clear };
}

function focusField(e: MouseEvent<HTMLAnchorElement>, id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  e.preventDefault();
  el.scrollIntoView({ block: "center" });
  el.focus();
}

/**
 * The faults of a submitted form, listed above it with links to their fields. It takes the focus
 * when shown, and again on each failed attempt (`attempt` counts them), so a screen reader reads it.
 */
export function FormErrors({ heading, problems, attempt, level = 2 }: { heading: string; problems: FieldProblem[]; attempt: number; level?: 2 | 3 | 4 | 5 }) {
  if (problems.length === 0) return null;
  return (
    <ErrorSummary key={attempt}>
      <ErrorSummary.Heading level={level} data-size="xs">
        {heading}
      </ErrorSummary.Heading>
      <ErrorSummary.List>
        {problems.map((p, i) => (
          <ErrorSummary.Item key={i}>
            <ErrorSummary.Link href={`#${p.target}`} onClick={(e) => focusField(e, p.target)}>
              {p.label}: <span lang={p.lang}>{p.message}</span>
            </ErrorSummary.Link>
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  );
}

/** A form in a card: its heading (which names the form), the faults of its last attempt, its fields. */
export function CardForm({
  id,
  title,
  errorsTitle,
  problems,
  attempt,
  onSubmit,
  children,
}: {
  id: string;
  title: string;
  errorsTitle: string;
  problems: FieldProblem[];
  attempt: number;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <Card data-color="neutral">
      <form onSubmit={onSubmit} noValidate className="stack" aria-labelledby={id}>
        <Heading level={2} data-size="sm" id={id}>
          {title}
        </Heading>
        <FormErrors heading={errorsTitle} problems={problems} attempt={attempt} level={3} />
        {children}
      </form>
    </Card>
  );
}
