/**
 * The error names a failover Task can see, as Step Functions reports them.
 * - AWS SDK integrations name an error "<ServiceName>.<ErrorName>", both PascalCase, always with an "Exception"
 *   suffix even where the service's API reference has none (S3.BucketAlreadyExistsException):
 *   https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html#use-awssdk-integ-handle-exception
 * - An error the service's SDK model does not name (EC2 models none of its error codes; throttling codes such as
 *   RequestLimitExceeded or Throttling are not modelled by EC2 or Elastic Load Balancing) surfaces as the service's
 *   generic exception class, e.g. ECS.AmazonECSException, SageMaker.AmazonSageMakerException, Batch.AWSBatchException
 *   (github.com/cdklabs/construct-hub/pull/415, aws/aws-step-functions-data-science-sdk-python/issues/191,
 *   ASFHyP3/hyp3/pull/912); for the SDK v2 clients the aws-sdk integrations use, that class is <Service>Exception
 *   (Ec2.Ec2Exception). Retrying it retries every unmodelled error a bounded number of times.
 * - Lambda's optimized integration: retry Lambda.ServiceException, Lambda.AWSLambdaException,
 *   Lambda.SdkClientException and Lambda.TooManyRequestsException
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html); a function's own error
 *   arrives with its errorType as the name (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html).
 */

/** Throttling and server-side faults per service, as Step Functions names them. */
export const TRANSIENT_ERRORS = {
    // SSM: ThrottlingException (common errors), InternalServerError, TooManyUpdates (PutParameter).
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html#API_PutParameter_Errors
    ssm: ["Ssm.ThrottlingException", "Ssm.InternalServerErrorException", "Ssm.TooManyUpdatesException", "Ssm.SsmException"],
    // EC2: RequestLimitExceeded, InternalError, Unavailable (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html), all unmodelled.
    ec2: ["Ec2.Ec2Exception"],
    // ELB: Throttling is a common error and unmodelled (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/CommonErrors.html).
    elasticloadbalancingv2: ["ElasticLoadBalancingV2.ThrottlingException", "ElasticLoadBalancingV2.ElasticLoadBalancingV2Exception"],
    // Backup: ServiceUnavailableException (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html#API_DescribeRestoreJob_Errors).
    backup: ["Backup.ServiceUnavailableException", "Backup.BackupException"],
    // Route 53: PriorRequestNotComplete ("retry") and Throttling (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html#API_ChangeResourceRecordSets_Errors).
    route53: ["Route53.PriorRequestNotCompleteException", "Route53.ThrottlingException", "Route53.Route53Exception"],
    lambda: ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"],
} as const;

export type FailoverService = keyof typeof TRANSIENT_ERRORS;

/** Errors the model raises for requests AWS refuses (not retried: a person has to look). */
export const REFUSAL_ERRORS = {
    parameterNotFound: "Ssm.ParameterNotFoundException",
    restoreJobNotFound: "Backup.ResourceNotFoundException",
    targetGroupNotFound: "ElasticLoadBalancingV2.TargetGroupNotFoundException",
    invalidTarget: "ElasticLoadBalancingV2.InvalidTargetException",
    noSuchHostedZone: "Route53.NoSuchHostedZoneException",
    invalidChangeBatch: "Route53.InvalidChangeBatchException",
} as const;
