/** One load balancer attribute as DescribeLoadBalancerAttributes (and AWS Config's item) gives it. */
export interface LoadBalancerAttribute {
  key: string | undefined;
  value: string | undefined;
}

/**
 * `routing.http.drop_invalid_header_fields.enabled` as a boolean; null where the
 * type has no such attribute (Network and Gateway Load Balancers). Shared by the
 * collector and the AWS Config mapper so both read the attribute alike.
 */
export function dropInvalidHeaderFields(attributes: readonly LoadBalancerAttribute[]): boolean | null {
  const found = attributes.find((a) => a.key === 'routing.http.drop_invalid_header_fields.enabled');
  return found ? found.value === 'true' : null;
}
