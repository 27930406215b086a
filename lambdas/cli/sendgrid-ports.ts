/** SendGrid from a laptop: the API key in SENDGRID_API_KEY (SendGrid's own name for it), SENDGRID_API_BASE_URL. */
import { sendGridBaseUrl } from '../providers/sendgrid/sendgrid-http';
import { sendGridFromKey } from '../providers/sendgrid/sendgrid-ports';

/** Nothing when the environment holds no key (commands that need one say so). */
export function sendGridFromEnv(env: NodeJS.ProcessEnv): Partial<ReturnType<typeof sendGridFromKey>> {
  const apiKey = env.SENDGRID_API_KEY;
  return apiKey ? sendGridFromKey(apiKey, sendGridBaseUrl(env)) : {};
}
