/** Who is acting, as every service sees it: a signed-in person, a token's owner or the command line. */
export interface Actor {
  userId: number | null;
  agencyId: number | null;
  isAdmin: boolean;
  requestId?: string | undefined;
  /** Set when acting through an API token limited to one partnership: nothing else is visible. */
  onlyPartnershipId?: number | null | undefined;
}

/** The signed-in person, as pages and routes see them. */
export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  agencyId: number;
  agencyName: string;
  isAdmin: boolean;
}

export const actorOf = (user: SessionUser, requestId?: string): Actor => ({
  userId: user.id,
  agencyId: user.agencyId,
  isAdmin: user.isAdmin,
  requestId,
});

/** The actor for work done at the command line or by the demo loader: no person, all rights. */
export const systemActor: Actor = { userId: null, agencyId: null, isAdmin: true };
