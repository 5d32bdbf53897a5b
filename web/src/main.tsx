import "@digdir/designsystemet-css";
import "@digdir/designsystemet-css/theme";
import "./styles.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AddressError } from "./address.js";
import { ApiError } from "./api/client.js";
import { App } from "./app.js";
import { LangProvider } from "./i18n/i18n.js";

// A refusal (4xx) says the same the second time; other failures get one more try.
const retry = (failures: number, error: unknown) => failures < 1 && !(error instanceof ApiError && error.status < 500);
const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry, refetchOnWindowFocus: false } } });

createRoot(document.getElementById("root")!, {
  // The error boundaries draw what they catch. A fault in the address is the visitor's to mend, not
  // the app's, so only the app's own failures go to the console.
  onCaughtError(error, info) {
    if (!(error instanceof AddressError)) console.error(error, info.componentStack);
  },
}).render(
  <StrictMode>
    <LangProvider>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </LangProvider>
  </StrictMode>,
);
