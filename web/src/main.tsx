import "@digdir/designsystemet-css";
import "@digdir/designsystemet-css/theme";
import "./styles.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import { LangProvider } from "./i18n/i18n.js";

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } } });

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <LangProvider>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </LangProvider>
  </StrictMode>,
);
