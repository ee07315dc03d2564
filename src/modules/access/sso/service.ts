/**
 * Single sign-on with OpenID Connect (openid-client): the authorisation code flow with PKCE, state and
 * nonce. The provider's verified e-mail address (email_verified true) picks an existing, enabled account;
 * sign-in never creates one. The session then opens as after a password (createSessionOpener): the second
 * factor is asked for in the same way. Every sign-in and every refusal is audited.
 */
import * as client from 'openid-client';
import type { OidcSettings } from '../../../config.js';
import type { Db } from '../../../db/database.js';
import type { Actor } from '../actor.js';
import { findUserByEmail } from '../accounts/repository.js';
import type { AuditService } from '../audit/service.js';
import { createSessionOpener, type SessionLimits, type SignInContext } from '../sign-in/service.js';
import type { SessionStage } from '../schema.js';

/** What the browser keeps (in a signed, short-lived cookie) between leaving for the provider and coming back. */
export interface PendingSso {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  returnTo: string;
}

export type SsoRefusal = 'no-account' | 'unverified' | 'disabled' | 'failed';

export type SsoResult = { ok: true; token: string; stage: SessionStage } | { ok: false; reason: SsoRefusal };

const anonymous = (requestId?: string): Actor => ({ userId: null, agencyId: null, isAdmin: false, requestId });

export function createSsoService(db: Db, audit: AuditService, settings: OidcSettings | undefined, limits?: SessionLimits) {
  const opener = createSessionOpener(db, audit, limits);
  let configuration: Promise<client.Configuration> | undefined;

  /** The provider's metadata, discovered once (again after a failure). Plain http only on loopback (config.ts). */
  function provider(): Promise<client.Configuration> {
    if (!settings) throw new Error('Single sign-on is not set up');
    configuration ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        ...(settings.allowHttp ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      });
    return configuration;
  }

  return {
    /** The sign-in page's button, when single sign-on is set up. */
    ssoButton: settings ? { label: settings.buttonLabel } : null,

    /** Where to send the browser to sign in at the provider, and what to keep for its return. */
    async startSso(redirectUri: string, returnTo: string): Promise<{ url: string; pending: PendingSso }> {
      const config = await provider();
      const pending: PendingSso = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
        redirectUri,
        returnTo,
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },

    /**
     * The provider sent the browser back (`callbackUrl`, with its code and state): checks state, PKCE and
     * the ID token's nonce, reads the verified e-mail (from the ID token, or from userinfo) and opens a
     * session for the account that has it.
     */
    async finishSso(callbackUrl: URL, pending: PendingSso, context: SignInContext = {}): Promise<SsoResult> {
      const refuse = async (
        reason: SsoRefusal,
        details: Record<string, unknown>,
        actor = anonymous(context.requestId),
        userId?: number,
      ) => {
        await audit.record(actor, {
          action: 'sign-in.failed',
          entityType: userId ? 'user' : undefined,
          entityId: userId,
          details: { method: 'single sign-on', reason, ...details },
        });
        return { ok: false as const, reason };
      };
      let email: unknown;
      let verified: unknown;
      try {
        const config = await provider();
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims()!;
        ({ email, email_verified: verified } = claims);
        if (email === undefined || verified === undefined) {
          const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
          email ??= info.email;
          verified ??= info.email_verified;
        }
      } catch (error) {
        // The provider's message (never a token) says what failed: a wrong state, an expired code, …
        return refuse('failed', { error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
      }
      if (typeof email !== 'string' || email === '') return refuse('unverified', { email: 'none given' });
      if (verified !== true) return refuse('unverified', {});
      const user = await findUserByEmail(db, email);
      if (!user) return refuse('no-account', {});
      const actor: Actor = {
        userId: user.id,
        agencyId: user.agencyId,
        isAdmin: user.isAdmin,
        requestId: context.requestId,
        origin: context.origin,
      };
      if (user.disabledAt) return refuse('disabled', {}, actor, user.id);
      const opened = await opener.open(user, context, 'single sign-on');
      return { ok: true, token: opened.token, stage: opened.stage };
    },
  };
}

export type SsoService = ReturnType<typeof createSsoService>;
