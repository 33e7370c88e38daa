import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetLoginProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { iamCollector, iamDocument } from '../../src/collect/iam.js';
import { ACCOUNT, answerRecorded, awsError, byId, collectClean, collectValid, errorCodes, fixture, testContext } from './helpers.js';

const iam = mockClient(IAMClient);
const org = mockClient(OrganizationsClient);
const SCP = 'p-dn7x2k4q';
const ids = (resources: { resourceType: string; resourceId: string }[], type: string): string[] => resources.filter((r) => r.resourceType === type).map((r) => r.resourceId);

function recorded(): void {
  iam.on(GetAccountAuthorizationDetailsCommand).resolves(fixture('iam.GetAccountAuthorizationDetails_1'));
  iam.on(GetAccountAuthorizationDetailsCommand, { Marker: 'details-2' }).resolves(fixture('iam.GetAccountAuthorizationDetails_2'));
  iam.on(GetAccessKeyLastUsedCommand).resolves(fixture('iam.GetAccessKeyLastUsed_2'));
  iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }).resolves(fixture('iam.GetAccessKeyLastUsed_1'));
  iam.on(GetSAMLProviderCommand).resolves({ ...fixture('iam.GetSAMLProvider'), ValidUntil: new Date('2027-01-01T00:00:00Z') });
  answerRecorded(iam, 'iam', [ListAccessKeysCommand, GetLoginProfileCommand, ListSAMLProvidersCommand, ListOpenIDConnectProvidersCommand, GetOpenIDConnectProviderCommand]);
  org.on(DescribeOrganizationCommand).resolves(fixture('organizations.DescribeOrganization'));
  org.on(ListParentsCommand, { ChildId: ACCOUNT }).resolves(fixture('organizations.ListParents_1'));
  org.on(ListParentsCommand, { ChildId: 'ou-ab12-prod0001' }).resolves(fixture('organizations.ListParents_2'));
  org.on(ListPoliciesCommand, { Filter: 'SERVICE_CONTROL_POLICY' }).resolves(fixture('organizations.ListPolicies_1'));
  org.on(ListPoliciesCommand, { Filter: 'RESOURCE_CONTROL_POLICY' }).resolves(fixture('organizations.ListPolicies_2'));
  org.on(DescribePolicyCommand).resolves({ Policy: { Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' } });
  org.on(DescribePolicyCommand, { PolicyId: SCP }).resolves(fixture('organizations.DescribePolicy'));
  org.on(ListTargetsForPolicyCommand).resolves({ Targets: [{ TargetId: 'r-ab12', Type: 'ROOT' }] });
  org.on(ListTargetsForPolicyCommand, { PolicyId: SCP }).resolves(fixture('organizations.ListTargetsForPolicy'));
}

beforeEach(() => {
  iam.reset();
  org.reset();
});

describe('iam collector', () => {
  it('reads users, groups, roles and the managed policies in use from both pages, with decoded documents', async () => {
    recorded();
    const resources = await collectClean(iamCollector);
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(2);
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand)[0]!.args[0].input.Filter).toEqual(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']);
    const user = byId(resources, 'AWS::IAM::User', 'AIDAETLLEGACY000001');
    expect(user).toMatchObject({ arn: `arn:aws:iam::${ACCOUNT}:user/etl-legacy`, region: 'global', accountId: ACCOUNT, tags: { owner: 'data' } });
    expect(user.properties).toEqual({
      userName: 'etl-legacy',
      userId: 'AIDAETLLEGACY000001',
      path: '/',
      createDate: '2022-03-01T10:00:00.000Z',
      inlinePolicies: [{ policyName: 'read-all', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }],
      attachedManagedPolicies: [{ policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', policyName: 'AmazonS3ReadOnlyAccess' }],
      groups: ['analysts'],
      permissionsBoundaryArn: null,
      accessKeys: [
        { status: 'Inactive', createDate: '2022-03-01T10:05:00.000Z', lastUsedDate: null },
        { status: 'Active', createDate: '2023-01-10T09:00:00.000Z', lastUsedDate: '2026-11-29T06:00:00.000Z' },
      ],
      passwordEnabled: true,
    });
    // No key id and no secret reaches the inventory.
    expect(JSON.stringify(resources)).not.toMatch(/AKIA|certificate-material/);
    const vendor = byId(resources, 'AWS::IAM::Role', 'AROAVENDORAUDIT0001');
    expect(vendor.properties).toMatchObject({
      assumeRolePolicyDocument: { Statement: [{ Principal: { AWS: 'arn:aws:iam::444455556666:root' } }] },
      permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/data-boundary`,
      lastUsedDate: '2026-11-28T12:00:00.000Z',
      serviceLinked: false,
    });
    expect(byId(resources, 'AWS::IAM::Role', 'AROASERVICERDS00001').properties).toMatchObject({ serviceLinked: true, lastUsedDate: null });
    expect(byId(resources, 'AWS::IAM::Group', 'AGPAANALYSTS0000001').properties).toMatchObject({
      groupName: 'analysts',
      attachedManagedPolicies: [{ policyArn: `arn:aws:iam::${ACCOUNT}:policy/analytics-read`, policyName: 'analytics-read' }],
    });
    // The default version's document, not the first one listed.
    const analytics = byId(resources, 'AWS::IAM::Policy', 'ANPAANALYTICSREAD01');
    expect(analytics.properties).toMatchObject({ awsManaged: false, defaultVersionId: 'v2', attachmentCount: 1, document: { Statement: [{ Action: ['s3:Get*', 's3:List*'] }] } });
    // AWS managed policies only when something in the account uses them; a boundary counts as use.
    expect(ids(resources, 'AWS::IAM::Policy').sort()).toEqual(['ANPAANALYTICSREAD01', 'ANPADATABOUNDARY001', 'ANPAIZTJ4DXE7G6AGAE6M'].sort());
    expect(byId(resources, 'AWS::IAM::Policy', 'ANPAIZTJ4DXE7G6AGAE6M')).toMatchObject({ arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', accountId: ACCOUNT, properties: { awsManaged: true } });
  });

  it('reads the identity providers without their metadata', async () => {
    recorded();
    const resources = await collectClean(iamCollector);
    expect(byId(resources, 'AWS::IAM::SAMLProvider', `arn:aws:iam::${ACCOUNT}:saml-provider/okta`).properties).toEqual({ name: 'okta', validUntil: '2027-01-01T00:00:00.000Z' });
    expect(byId(resources, 'AWS::IAM::OIDCProvider', `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`)).toMatchObject({
      tags: { owner: 'platform' },
      properties: { url: 'token.actions.githubusercontent.com', clientIdList: ['sts.amazonaws.com'], thumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] },
    });
  });

  it("reads the account's place in the organization and its SCPs with targets", async () => {
    recorded();
    const resources = await collectClean(iamCollector);
    expect(byId(resources, 'AWS::Organizations::Account', ACCOUNT)).toMatchObject({
      arn: `arn:aws:organizations::999988887777:account/o-a1b2c3d4e5/${ACCOUNT}`,
      properties: { organizationId: 'o-a1b2c3d4e5', managementAccountId: '999988887777', parentPath: ['r-ab12', 'ou-ab12-prod0001'] },
    });
    const scp = byId(resources, 'AWS::Organizations::Policy', SCP);
    expect(scp.properties).toMatchObject({ name: 'deny-leave-and-unencrypted', type: 'SERVICE_CONTROL_POLICY', awsManaged: false, targets: [{ targetId: 'ou-ab12-prod0001', type: 'ORGANIZATIONAL_UNIT' }] });
    expect((scp.properties.document as { Statement: { Effect: string }[] }).Statement[0]!.Effect).toBe('Deny');
    expect(byId(resources, 'AWS::Organizations::Policy', 'p-FullAWSAccess').properties).toMatchObject({ awsManaged: true, targets: [{ targetId: 'r-ab12', type: 'ROOT' }] });
  });

  it('records nothing for an account outside any organization', async () => {
    recorded();
    org.on(DescribeOrganizationCommand).rejects(awsError('AWSOrganizationsNotInUseException'));
    const resources = await collectClean(iamCollector);
    expect(resources.filter((r) => r.resourceType.startsWith('AWS::Organizations::'))).toEqual([]);
  });

  it('records a member account denied the Organizations calls, so guardrails read as unknown', async () => {
    recorded();
    org.on(ListParentsCommand).rejects(awsError('AccessDeniedException'));
    org.on(ListPoliciesCommand).rejects(awsError('AccessDeniedException'));
    const { resources, errors } = await collectValid(iamCollector);
    expect(resources.filter((r) => r.resourceType.startsWith('AWS::Organizations::'))).toEqual([]);
    expect(errors.map((e) => `${e.operation}:${e.code}`).sort()).toEqual([
      'organizations:ListParents:AccessDeniedException',
      'organizations:ListPolicies:AccessDeniedException',
      'organizations:ListPolicies:AccessDeniedException',
    ]);
  });

  it('leaves access keys and the password unknown when they cannot be read, never empty', async () => {
    recorded();
    iam.on(ListAccessKeysCommand).rejects(awsError('AccessDenied', 403));
    iam.on(GetLoginProfileCommand).rejects(awsError('Throttling', 400));
    const { ctx } = testContext('iam');
    const user = byId(await iamCollector.collect(ctx), 'AWS::IAM::User', 'AIDAETLLEGACY000001');
    expect(user.properties).not.toHaveProperty('accessKeys');
    expect(user.properties).not.toHaveProperty('passwordEnabled');
    expect(errorCodes(user)?.sort()).toEqual(['accessKeys:AccessDenied', 'passwordEnabled:Throttling']);
  });

  it('reads a user without a console password as passwordEnabled false', async () => {
    recorded();
    iam.on(GetLoginProfileCommand).rejects(awsError('NoSuchEntity', 404));
    const user = byId(await collectClean(iamCollector), 'AWS::IAM::User', 'AIDAETLLEGACY000001');
    expect(user.properties.passwordEnabled).toBe(false);
  });

  it('treats an answer lacking what AWS always returns as an error: a role without a trust policy, a key without a status', async () => {
    recorded();
    const page2 = fixture('iam.GetAccountAuthorizationDetails_2');
    delete page2.RoleDetailList[0].AssumeRolePolicyDocument;
    iam.on(GetAccountAuthorizationDetailsCommand, { Marker: 'details-2' }).resolves(page2);
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', CreateDate: new Date('2023-01-10T09:00:00Z') }], IsTruncated: false });
    const { ctx } = testContext('iam');
    const resources = await iamCollector.collect(ctx);
    const slr = byId(resources, 'AWS::IAM::Role', 'AROASERVICERDS00001');
    expect(slr.properties).not.toHaveProperty('assumeRolePolicyDocument');
    expect(errorCodes(slr)).toEqual(['assumeRolePolicyDocument:IncompleteResponse']);
    const user = byId(resources, 'AWS::IAM::User', 'AIDAETLLEGACY000001');
    expect(user.properties).not.toHaveProperty('accessKeys');
    expect(errorCodes(user)).toEqual(['accessKeys:IncompleteResponse']);
  });

  it('records a failed second page for the scope and keeps what the first page held', async () => {
    recorded();
    iam.on(GetAccountAuthorizationDetailsCommand, { Marker: 'details-2' }).rejects(awsError('ServiceFailure', 500));
    const { resources, errors } = await collectValid(iamCollector);
    expect(errors).toEqual([expect.objectContaining({ operation: 'iam:GetAccountAuthorizationDetails', code: 'ServiceFailure' })]);
    expect(ids(resources, 'AWS::IAM::Role')).toEqual(['AROAVENDORAUDIT0001']);
  });

  it('decodes URL-encoded documents and keeps undecodable text raw', () => {
    expect(iamDocument('%7B%22Version%22%3A%222012-10-17%22%7D')).toEqual({ Version: '2012-10-17' });
    expect(iamDocument('%E0%A4%A')).toBe('%E0%A4%A');
    expect(iamDocument(undefined)).toBeNull();
  });
});
