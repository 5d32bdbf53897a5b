import { Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { Link as RouterLink } from "wouter";
import { usePageTitle } from "../current.js";
import { common } from "../i18n/common.js";
import { useT } from "../i18n/i18n.js";

export default function NotFound() {
  const t = useT(common);
  usePageTitle(t("notFound"));
  return (
    <>
      <Heading level={1} data-size="lg">
        {t("notFound")}
      </Heading>
      <Paragraph>{t("notFoundText")}</Paragraph>
      <Link asChild>
        <RouterLink href="/">{t("backToOverview")}</RouterLink>
      </Link>
    </>
  );
}
